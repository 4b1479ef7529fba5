package org.pcl4j.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonObject;
import org.pcl4j.Seeds;
import org.pcl4j.SettingException;
import org.pcl4j.cluster.KMeansConfig;
import org.pcl4j.data.AugmentationPolicy;
import org.pcl4j.model.Arch;
import org.pcl4j.model.CustomBackbone;
import org.pcl4j.model.EncoderConfig;
import org.pcl4j.model.Head;

/**
 * The method settings of a training run: everything that defines the learned model and how it is
 * trained (architecture, optimizer, schedule, queue, clustering, temperature, Shuffle-BN, seed).
 * Two runs with equal method settings on the same images learn the same model, bit for bit;
 * {@link RunSettings} holds the rest (data, limit, image size, workers, kNN monitor). Both make up
 * a {@link TrainConfig}, which is where callers usually read them (its accessors delegate here).
 *
 * <p>The component names are the setting names of {@link SettingException} (and, in the CLI, map
 * to flags). {@code symmetric} (ALGORITHM.md §3.8) is false in checkpoints written before it existed.
 * {@code customBackbone} is null unless the backbone is a user-supplied DJL block
 * ({@link CustomBackbone}, set from Java only); {@code arch} is then {@link Arch#CUSTOM}.
 */
public record MethodSettings(
        Preset preset,
        Arch arch,
        CustomBackbone customBackbone,
        Head head,
        int dim,
        AugmentationPolicy augmentation,
        int epochs,
        int warmupEpochs,
        int batchSize,
        float lr,
        float sgdMomentum,
        float weightDecay,
        Schedule schedule,
        int[] lrSteps,
        float temperature,
        int queueSize,
        float emaMomentum,
        int[] numClusters,
        boolean protoDupMask,
        boolean instanceLoss,
        boolean protoLoss,
        int kmeansIterations,
        int kmeansRestarts,
        int maxPointsPerCentroid,
        long seed,
        boolean shuffleBn,
        int bnSplits,
        boolean symmetric) {

    /** Copies the arrays; a missing choice (e.g. from a hand-edited checkpoint) is an error naming it. */
    public MethodSettings {
        TrainConfig.requireChoice(arch, "arch");
        TrainConfig.requireChoice(head, "head");
        TrainConfig.requireChoice(augmentation, "augmentation");
        TrainConfig.requireChoice(schedule, "schedule");
        lrSteps = lrSteps.clone();
        numClusters = numClusters.clone();
    }

    /**
     * BatchNorm sub-batches of both encoders in training mode (Shuffle-BN, ALGORITHM.md §3.6); 1 when
     * Shuffle-BN is off (also for checkpoints written before it existed).
     */
    public int batchNormSplits() {
        return shuffleBn ? Math.max(1, bnSplits) : 1;
    }

    /**
     * Keys that enter the queue per optimizer step: the batch, or both views' keys with the symmetric
     * loss (ALGORITHM.md §3.8). The queue must hold at least one step's keys.
     */
    public int keysPerStep() {
        return keyBatches(symmetric) * batchSize;
    }

    /** Batches of keys one step enqueues: 2 with the symmetric loss (both views' keys, ALGORITHM.md §3.8), else 1. */
    static int keyBatches(boolean symmetric) {
        return symmetric ? 2 : 1;
    }

    /** The learning-rate schedule of ALGORITHM.md §3.5 for this run. */
    public LrSchedule lrSchedule() {
        return new LrSchedule(schedule, lr, epochs, lrSteps);
    }

    /** Whether the prototype term (and so the E-step) runs in this epoch (ALGORITHM.md §1; warm-up §5.2). */
    public boolean usesPrototypes(int epoch) {
        return protoLoss && epoch >= warmupEpochs;
    }

    /** The encoder for images of {@code channels} and side {@code imageSize}. */
    public EncoderConfig encoderConfig(int channels, int imageSize) {
        return new EncoderConfig(arch, head, dim, channels, imageSize, customBackbone);
    }

    /**
     * The k-means settings of the E-step of the 0-based {@code epoch}, for {@link
     * org.pcl4j.cluster.Granularities#cluster} (which sets k and the seed of each granularity): seed
     * {@code Seeds.mix(seed, Seeds.KMEANS, epoch)}, so each epoch clusters with its own seed.
     */
    public KMeansConfig kmeansConfig(int epoch) {
        return KMeansConfig.of(numClusters.length > 0 ? numClusters[0] : 1, Seeds.mix(seed, Seeds.KMEANS, epoch))
                .withIterations(kmeansIterations).withRestarts(kmeansRestarts).withMaxPointsPerCentroid(maxPointsPerCentroid);
    }

    /** Checks the settings against the {@code numImages} training images: one line naming the setting on failure. */
    public void validate(int numImages) {
        TrainConfig.require((arch == Arch.CUSTOM) == (customBackbone != null), "arch", customBackbone != null
                ? "{arch} " + arch + " conflicts with the custom backbone " + customBackbone.name()
                : "{arch} custom needs the backbone itself: a CustomBackbone given with Pcl.Builder.backbone (TrainConfig.Builder.customBackbone)");
        TrainConfig.checkEpochs(epochs, warmupEpochs, protoLoss);
        TrainConfig.checkLr(lr);
        TrainConfig.checkBatchSize(batchSize);
        TrainConfig.checkOptimizer(sgdMomentum, weightDecay);
        TrainConfig.checkKMeans(kmeansIterations, kmeansRestarts, maxPointsPerCentroid);
        TrainConfig.checkLrSteps(lrSteps);
        TrainConfig.require(batchSize <= numImages, "batchSize",
                "{batchSize} " + batchSize + " is larger than the " + numImages + " training images");
        TrainConfig.require(queueSize >= keysPerStep(), "queueSize", symmetric
                ? "{queueSize} " + queueSize + " must hold the " + keysPerStep() + " keys of one step ({symmetric}: both views' keys of a batch of "
                        + batchSize + ")"
                : "{queueSize} " + queueSize + " must be at least the batch size " + batchSize);
        TrainConfig.require(bnSplits >= 1, "bnSplits", "{bnSplits} must be at least 1, got " + bnSplits);
        TrainConfig.require(batchSize % bnSplits == 0, "bnSplits", "{bnSplits} " + bnSplits + " must divide {batchSize} " + batchSize
                + " (Shuffle-BN normalises {bnSplits} equal sub-batches)");
        TrainConfig.require(shuffleBn || bnSplits == 1, "bnSplits", "{bnSplits} " + bnSplits
                + " needs {shuffleBn} true (without the key shuffle, the sub-batches of q and k would hold the same images)");
        TrainConfig.require(temperature > 0 && Float.isFinite(temperature), "temperature",
                "{temperature} must be a finite number > 0, got " + temperature);
        TrainConfig.require(emaMomentum >= 0 && emaMomentum < 1, "emaMomentum", "{emaMomentum} must be in [0, 1), got " + emaMomentum);
        TrainConfig.require(instanceLoss || protoLoss, "instanceLoss",
                "{instanceLoss} false needs the prototype term: not with {preset} moco-v2 or {protoLoss} false");
        TrainConfig.require(instanceLoss || warmupEpochs == 0, "instanceLoss",
                "{instanceLoss} false trains on the prototype term alone: it needs {warmupEpochs} 0");
        if (protoLoss) {
            TrainConfig.require(numClusters.length > 0, "numClusters", "{numClusters} needs at least one K");
            for (int k : numClusters) {
                TrainConfig.require(k >= 2 && k < numImages, "numClusters",
                        "{numClusters}: K=" + k + " must be in [2, " + numImages + ") for " + numImages + " images");
            }
        }
    }

    /**
     * A copy with {@code epochs}; see {@link TrainConfig#withEpochs}. Copied through the JSON form,
     * so that every field, present and future, is kept; the custom backbone (whose block factory is
     * no part of the JSON form) is carried over as it is.
     */
    public MethodSettings withEpochs(int newEpochs) {
        Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues()
                .registerTypeAdapter(CustomBackbone.class, (JsonDeserializer<CustomBackbone>) (json, type, context) -> customBackbone)
                .create();
        JsonObject json = gson.toJsonTree(this).getAsJsonObject();
        json.addProperty("epochs", newEpochs);
        return gson.fromJson(json, MethodSettings.class);
    }
}
