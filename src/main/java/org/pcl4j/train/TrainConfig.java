package org.pcl4j.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializationContext;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import com.google.gson.annotations.JsonAdapter;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.pcl4j.SettingException;
import org.pcl4j.cluster.KMeansConfig;
import org.pcl4j.data.AugmentationPolicy;
import org.pcl4j.model.Arch;
import org.pcl4j.model.CustomBackbone;
import org.pcl4j.model.EncoderConfig;
import org.pcl4j.model.Head;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every setting of a training run, resolved: presets applied, "auto" values computed. It is saved
 * in each checkpoint so that {@code --resume} and the evaluation commands rebuild the same run.
 *
 * <p>It is two parts: the {@link MethodSettings} (what defines the learned model and its training:
 * architecture, optimizer, schedule, queue, clustering, τ, seed) and the {@link RunSettings}
 * (data, limit, image size, bad images, workers, kNN monitor). Each setting can be read directly
 * here too ({@code config.batchSize()} is {@code config.method().batchSize()}).
 *
 * <p>Defaults live in {@link Builder} (and, for preset-dependent values, in {@link Preset}); the
 * ALGORITHM.md section each comes from is cited there; the data-scaled ones are in
 * {@link DataScaledDefaults}.
 *
 * <p>Invalid settings throw {@link SettingException} naming the record component of {@link
 * MethodSettings} or {@link RunSettings} (e.g. {@code batchSize}); the CLI shows the matching flag.
 * Choices ({@link Arch}, {@link Head}, {@link AugmentationPolicy}, {@link Schedule}, {@link Preset})
 * are enums, saved in checkpoints under their command-line names.
 *
 * <p>In JSON (checkpoint headers) a config is one flat object holding the components of both parts,
 * as pcl4j wrote it before the split, so that checkpoints of every version load ({@link Json}).
 */
@JsonAdapter(TrainConfig.Json.class)
public record TrainConfig(RunSettings run, MethodSettings method) {

    public TrainConfig {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(method, "method");
    }

    // Run settings
    public String data() { return run.data(); }
    public int limit() { return run.limit(); }
    public int imageSize() { return run.imageSize(); }
    public boolean skipBadImages() { return run.skipBadImages(); }
    public int workers() { return run.workers(); }
    public int knnEvery() { return run.knnEvery(); }

    // Method settings
    public Preset preset() { return method.preset(); }
    public Arch arch() { return method.arch(); }
    /** The user-supplied backbone, or null for the built-in {@link #arch()}. */
    public CustomBackbone customBackbone() { return method.customBackbone(); }
    public Head head() { return method.head(); }
    public int dim() { return method.dim(); }
    public AugmentationPolicy augmentation() { return method.augmentation(); }
    public int epochs() { return method.epochs(); }
    public int warmupEpochs() { return method.warmupEpochs(); }
    public int batchSize() { return method.batchSize(); }
    public float lr() { return method.lr(); }
    public float sgdMomentum() { return method.sgdMomentum(); }
    public float weightDecay() { return method.weightDecay(); }
    public Schedule schedule() { return method.schedule(); }
    public int[] lrSteps() { return method.lrSteps(); }
    public float temperature() { return method.temperature(); }
    public int queueSize() { return method.queueSize(); }
    public float emaMomentum() { return method.emaMomentum(); }
    public int[] numClusters() { return method.numClusters(); }
    public boolean protoDupMask() { return method.protoDupMask(); }
    public boolean instanceLoss() { return method.instanceLoss(); }
    public boolean protoLoss() { return method.protoLoss(); }
    public int kmeansIterations() { return method.kmeansIterations(); }
    public int kmeansRestarts() { return method.kmeansRestarts(); }
    public int maxPointsPerCentroid() { return method.maxPointsPerCentroid(); }
    public long seed() { return method.seed(); }
    public boolean shuffleBn() { return method.shuffleBn(); }
    public int bnSplits() { return method.bnSplits(); }
    public boolean symmetric() { return method.symmetric(); }
    /** See {@link MethodSettings#keysPerStep()}. */
    public int keysPerStep() { return method.keysPerStep(); }

    /** See {@link MethodSettings#batchNormSplits()}. */
    public int batchNormSplits() {
        return method.batchNormSplits();
    }

    /** The learning-rate schedule of ALGORITHM.md §3.5 for this run. */
    public LrSchedule lrSchedule() {
        return method.lrSchedule();
    }

    /** Whether the prototype term (and so the E-step) runs in this epoch (ALGORITHM.md §1; warm-up §5.2). */
    public boolean usesPrototypes(int epoch) {
        return method.usesPrototypes(epoch);
    }

    /** The encoder for images of {@code channels} whose own size is {@code sourceImageSize} (used unless --image-size). */
    public EncoderConfig encoderConfig(int channels, int sourceImageSize) {
        return method.encoderConfig(channels, run.imageSize() > 0 ? run.imageSize() : sourceImageSize);
    }

    /** See {@link MethodSettings#kmeansConfig(int)}. */
    public KMeansConfig kmeansConfig(int epoch) {
        return method.kmeansConfig(epoch);
    }

    /** Checks the settings against the data: one line naming the setting on failure ({@link SettingException}). */
    public void validate(int numImages) {
        run.validate();
        method.validate(numImages);
    }

    static void checkLimit(int limit) {
        require(limit >= 0, "limit", "{limit} must be >= 0 (0 = all images), got " + limit);
    }

    /** Warm-up only matters with the prototype term; with it, warm-up must leave at least one PCL epoch. */
    static void checkEpochs(int epochs, Integer warmupEpochs, boolean protoLoss) {
        require(epochs >= 1, "epochs", "{epochs} must be at least 1, got " + epochs);
        if (warmupEpochs != null) {
            require(warmupEpochs >= 0, "warmupEpochs", "{warmupEpochs} must be >= 0, got " + warmupEpochs);
            require(!protoLoss || warmupEpochs < epochs, "warmupEpochs", "{warmupEpochs} " + warmupEpochs + " must be smaller than {epochs} "
                    + epochs + ": warm-up epochs train without the prototype term, so this run would be MoCo only (for that, say {preset} moco-v2)");
        }
    }

    static void checkLr(float lr) {
        require(lr > 0 && Float.isFinite(lr), "lr", "{lr} must be a finite number > 0, got " + lr);
    }

    /** Before the data-scaled defaults, which divide by it (the queue) or scale with it (the lr). */
    static void checkBatchSize(int batchSize) {
        require(batchSize >= 2, "batchSize", "{batchSize} must be at least 2, got " + batchSize);
    }

    /** SGD (ALGORITHM.md §3.5): a momentum of 1 or more never forgets a gradient and diverges; decay pulls toward 0. */
    static void checkOptimizer(float sgdMomentum, float weightDecay) {
        require(sgdMomentum >= 0 && sgdMomentum < 1, "sgdMomentum", "{sgdMomentum} must be in [0, 1), got " + sgdMomentum);
        require(weightDecay >= 0 && Float.isFinite(weightDecay), "weightDecay", "{weightDecay} must be a finite number >= 0, got " + weightDecay);
    }

    /** The E-step's k-means (ALGORITHM.md §2.2), checked at the start rather than at the first E-step. */
    static void checkKMeans(int iterations, int restarts, int maxPointsPerCentroid) {
        KMeansConfig.check(iterations, restarts, maxPointsPerCentroid, "kmeansIterations", "kmeansRestarts", "maxPointsPerCentroid");
    }

    /**
     * Epochs of the ×0.1 steps (ALGORITHM.md §3.5; {@link LrSchedule}): each at least 1 (a step at 0 is only a lower
     * lr), in order. Equal ones are two steps at once, as the defaults of a very short run give ({@code 1, 1} for one
     * epoch, which never reaches them).
     */
    static void checkLrSteps(int[] lrSteps) {
        for (int i = 0; i < lrSteps.length; i++) {
            require(lrSteps[i] >= 1 && (i == 0 || lrSteps[i] >= lrSteps[i - 1]), "lrSteps",
                    "{lrSteps} must be epochs >= 1 in ascending order, got " + Arrays.toString(lrSteps));
        }
    }

    /**
     * A copy with {@code epochs} (larger than this run's): {@code --resume DIR --epochs N} extends a
     * run. The schedule follows the new length (lr steps given as epochs stay where they were).
     */
    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(run, method.withEpochs(newEpochs));
    }

    /**
     * A copy with other {@code workers} and {@code knnEvery}: a resumed run may take them, as neither changes what it
     * computes (a batch's views come from (seed, epoch, index) on any thread; the kNN monitor only reports).
     */
    public TrainConfig withRuntime(int workers, int knnEvery) {
        return new TrainConfig(run.withRuntime(workers, knnEvery), method);
    }

    /**
     * A copy whose data spec is {@code newData}, the same data written otherwise: {@code --resume}
     * records a run's spec of an earlier version (a relative folder) in the absolute form
     * ({@link org.pcl4j.data.DataSpec#canonical}).
     */
    public TrainConfig withData(String newData) {
        return new TrainConfig(run.withData(newData), method);
    }

    /** A copy whose custom backbone is {@code backbone} (e.g. the factory of a run loaded from its checkpoint). */
    TrainConfig withCustomBackbone(CustomBackbone backbone) {
        Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues()
                .registerTypeAdapter(CustomBackbone.class, (JsonDeserializer<CustomBackbone>) (json, type, context) -> backbone)
                .create();
        return gson.fromJson(gson.toJsonTree(this), TrainConfig.class);
    }

    static void require(boolean ok, String setting, String message) {
        if (!ok) {
            throw new SettingException(setting, message);
        }
    }

    static void requireChoice(Object value, String setting) {
        require(value != null, setting, "{" + setting + "} is missing");
    }

    @Override
    public String toString() {
        return "TrainConfig[data=" + data() + ", preset=" + preset() + ", arch="
                + (customBackbone() != null ? "custom " + customBackbone() : arch()) + ", head=" + head() + ", aug=" + augmentation()
                + ", epochs=" + epochs() + ", warmup=" + warmupEpochs() + ", batch=" + batchSize() + ", lr=" + lr() + ", schedule="
                + schedule() + Arrays.toString(lrSteps()) + ", tau=" + temperature() + ", queue=" + queueSize() + ", K="
                + Arrays.toString(numClusters()) + ", moco-m=" + emaMomentum() + ", shuffle-bn=" + (shuffleBn() ? bnSplits() + " splits" : "off")
                + (symmetric() ? ", symmetric" : "") + ", seed=" + seed() + "]";
    }

    /**
     * The JSON form: one flat object with the components of {@link RunSettings} and {@link
     * MethodSettings} (the form of checkpoint headers of every pcl4j version). Fields an older
     * version did not write take their zero value, fields no longer known are ignored.
     */
    static final class Json implements JsonSerializer<TrainConfig>, JsonDeserializer<TrainConfig> {
        private static final Set<String> RUN = components(RunSettings.class);
        private static final Set<String> METHOD = components(MethodSettings.class);

        @Override
        public JsonElement serialize(TrainConfig config, Type type, JsonSerializationContext context) {
            JsonObject flat = new JsonObject();
            context.serialize(config.run()).getAsJsonObject().entrySet().forEach(e -> flat.add(e.getKey(), e.getValue()));
            context.serialize(config.method()).getAsJsonObject().entrySet().forEach(e -> flat.add(e.getKey(), e.getValue()));
            return flat;
        }

        @Override
        public TrainConfig deserialize(JsonElement json, Type type, JsonDeserializationContext context) {
            JsonObject run = new JsonObject();
            JsonObject method = new JsonObject();
            json.getAsJsonObject().entrySet().forEach(e -> {
                if (RUN.contains(e.getKey())) {
                    run.add(e.getKey(), e.getValue());
                } else if (METHOD.contains(e.getKey())) {
                    method.add(e.getKey(), e.getValue());
                }
            });
            return new TrainConfig(context.deserialize(run, RunSettings.class), context.deserialize(method, MethodSettings.class));
        }

        private static Set<String> components(Class<? extends Record> type) {
            Set<String> names = new HashSet<>();
            for (RecordComponent c : type.getRecordComponents()) {
                names.add(c.getName());
            }
            return Set.copyOf(names);
        }
    }

    /** A builder for a run on the data {@code data} (a data spec such as {@code fashion-mnist}). */
    public static Builder builder(String data) {
        return new Builder(data);
    }

    /**
     * Collects settings; anything left unset takes its default at {@link #build(int)}, when the
     * number of training images is known (for the "auto" values).
     */
    public static final class Builder {
        private static final Logger LOG = LoggerFactory.getLogger(TrainConfig.class);
        /** ALGORITHM.md §5.1: 200 epochs (the warm-up, a tenth of them, is derived: {@link DataScaledDefaults}). */
        public static final int DEFAULT_EPOCHS = 200;
        public static final int DEFAULT_BATCH_SIZE = 256;
        /** ALGORITHM.md §5.1: lr 0.03 for batch 256, scaled linearly with the batch. */
        public static final float BASE_LR_PER_256 = 0.03f;
        public static final float DEFAULT_SGD_MOMENTUM = 0.9f;
        public static final float DEFAULT_WEIGHT_DECAY = 1e-4f;
        public static final long DEFAULT_SEED = 0L;

        private final String data;
        private int limit;
        private int imageSize;
        private boolean skipBadImages;
        private Preset preset = Preset.PCL_V2;
        private Arch arch = Arch.SMALL_CNN;
        private CustomBackbone customBackbone;
        private Head head;
        private int dim = EncoderConfig.DEFAULT_DIM;
        private AugmentationPolicy augmentation;
        private int epochs = DEFAULT_EPOCHS;
        private Integer warmupEpochs;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Float lr;
        private float sgdMomentum = DEFAULT_SGD_MOMENTUM;
        private float weightDecay = DEFAULT_WEIGHT_DECAY;
        private Schedule schedule;
        private int[] lrSteps;
        private Float temperature;
        private Integer queueSize;
        private Float emaMomentum;
        private boolean shuffleBn = true;
        private Integer bnSplits;
        private boolean symmetric;
        private List<String> derived = List.of();
        private int[] numClusters;
        private boolean protoDupMask = true;
        private boolean instanceLoss = true;
        private Boolean protoLoss;
        private int kmeansIterations = KMeansConfig.DEFAULT_ITERATIONS;
        private int kmeansRestarts = KMeansConfig.DEFAULT_RESTARTS;
        private int maxPointsPerCentroid = KMeansConfig.DEFAULT_MAX_POINTS_PER_CENTROID;
        private long seed = DEFAULT_SEED;
        private int workers = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private int knnEvery = 1;

        private Builder(String data) {
            this.data = data;
        }

        public Builder limit(int v) { limit = v; return this; }
        /** The limit set so far (0 = all images), for {@link Pcl} to limit its source before {@link #build}. */
        int limitSetting() { return limit; }
        public Builder imageSize(int v) { imageSize = v; return this; }
        public Builder skipBadImages(boolean v) { skipBadImages = v; return this; }
        public Builder preset(Preset v) { preset = v; return this; }
        public Builder arch(Arch v) { arch = v; return this; }
        /**
         * A user-supplied backbone (a DJL block factory) instead of a built-in {@link #arch}; the
         * run's {@code arch} becomes {@link Arch#CUSTOM} (null: back to the default built-in one).
         * See {@link CustomBackbone}.
         */
        public Builder customBackbone(CustomBackbone v) {
            customBackbone = v;
            arch = v != null ? Arch.CUSTOM : Arch.SMALL_CNN;
            return this;
        }
        public Builder head(Head v) { head = v; return this; }
        public Builder dim(int v) { dim = v; return this; }
        public Builder augmentation(AugmentationPolicy v) { augmentation = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder warmupEpochs(int v) { warmupEpochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder lr(float v) { lr = v; return this; }
        public Builder sgdMomentum(float v) { sgdMomentum = v; return this; }
        public Builder weightDecay(float v) { weightDecay = v; return this; }
        public Builder schedule(Schedule v) { schedule = v; return this; }
        public Builder lrSteps(int[] v) { lrSteps = v; return this; }
        public Builder temperature(float v) { temperature = v; return this; }
        public Builder queueSize(int v) { queueSize = v; return this; }
        public Builder emaMomentum(float v) { emaMomentum = v; return this; }
        public Builder numClusters(int[] v) { numClusters = v; return this; }
        public Builder protoDupMask(boolean v) { protoDupMask = v; return this; }
        public Builder instanceLoss(boolean v) { instanceLoss = v; return this; }
        public Builder protoLoss(boolean v) { protoLoss = v; return this; }
        public Builder kmeansIterations(int v) { kmeansIterations = v; return this; }
        public Builder kmeansRestarts(int v) { kmeansRestarts = v; return this; }
        public Builder maxPointsPerCentroid(int v) { maxPointsPerCentroid = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder workers(int v) { workers = v; return this; }
        public Builder knnEvery(int v) { knnEvery = v; return this; }
        public Builder shuffleBn(boolean v) { shuffleBn = v; return this; }
        public Builder bnSplits(int v) { bnSplits = v; return this; }
        /** The symmetric loss (ALGORITHM.md §3.8): each view is also the query of the other's key. Off by default (the paper's loss). */
        public Builder symmetric(boolean v) { symmetric = v; return this; }

        /**
         * Checks, before any data is loaded, the settings that do not depend on it (each naming its setting);
         * {@link #build(int)} checks them first too, and the resolved config checks everything again.
         */
        public Builder checkSettings() {
            requireChoice(preset, "preset"); // everything below that is left unset takes the preset's value
            checkLimit(limit);
            RunSettings.checkImageSize(imageSize);
            RunSettings.checkKnnEvery(knnEvery);
            checkEpochs(epochs, warmupEpochs, prototypes());
            checkBatchSize(batchSize);
            if (lr != null) {
                checkLr(lr);
            }
            checkOptimizer(sgdMomentum, weightDecay);
            checkKMeans(kmeansIterations, kmeansRestarts, maxPointsPerCentroid);
            if (lrSteps != null) {
                checkLrSteps(lrSteps);
            }
            return this;
        }

        /**
         * Settings that were given but that this run does not use, each as a message naming them (not thrown: a
         * base builder shared by an ablation, e.g. the same K's with {@code protoLoss(false)}, is a fair use; not
         * silent either: {@link Pcl} and the CLI log them as warnings).
         */
        public List<SettingException> unused() {
            List<SettingException> unused = new ArrayList<>();
            if (numClusters != null && !prototypes()) {
                unused.add(new SettingException("numClusters", "{numClusters} " + Arrays.toString(numClusters) + " is not used: this run has no "
                        + "prototype term ({preset} " + preset.cliName() + (protoLoss != null && !protoLoss ? ", {protoLoss} false" : "") + ")"));
            }
            Schedule s = schedule != null ? schedule : preset.schedule();
            if (lrSteps != null && s != Schedule.STEP) {
                unused.add(new SettingException("lrSteps", "{lrSteps} " + Arrays.toString(lrSteps) + " is not used: they are the epochs of "
                        + "{schedule} step, and this run's schedule is " + s.cliName()));
            }
            return List.copyOf(unused);
        }

        /**
         * Resolves presets and the data-scaled values ({@link DataScaledDefaults}, for settings left
         * unset) against the {@code numImages} training images, and validates.
         */
        public TrainConfig build(int numImages) {
            checkSettings(); // what the derived values below rely on (a batch size to divide by) first, each naming its setting
            // Derived K's (N/600, N/240, N/120, at least 2) need K < N: on fewer than 3 images no K fits, and naming the
            // K's the user never gave would mislead.
            require(numClusters != null || !prototypes() || numImages >= 3, "data",
                    "{data}: " + numImages + " training images are too few for the prototype term: its k-means needs at least 2 clusters of "
                            + "fewer than N images, so N >= 3 ({preset} moco-v2 trains without it)");
            List<String> derived = new ArrayList<>();
            this.derived = derived;
            // warm-up and K only matter with the prototype term: derived then, named as derived only then
            List<String> protoDerived = prototypes() ? derived : new ArrayList<>();
            int warmup = warmupEpochs != null ? warmupEpochs
                    : derive(protoDerived, "warmup=epochs/10", DataScaledDefaults.warmupEpochs(epochs));
            int keyBatches = MethodSettings.keyBatches(symmetric);
            int queue = queueSize != null ? queueSize
                    : derive(derived, "queue=8%·N", DataScaledDefaults.queueSize(numImages, batchSize, keyBatches));
            int[] ks = numClusters != null ? numClusters : derive(protoDerived, "K=N/600,N/240,N/120", DataScaledDefaults.clusters(numImages));
            float m = emaMomentum != null ? emaMomentum
                    : derive(derived, "moco-m=1-1/√steps", DataScaledDefaults.emaMomentum(numImages, batchSize, epochs));
            int splits = bnSplits != null ? bnSplits : !shuffleBn ? 1
                    : derive(derived, "bn-splits=largest ≤8 dividing the batch, ≥16 per split", DataScaledDefaults.bnSplits(batchSize));
            RunSettings run = new RunSettings(data, limit, imageSize, skipBadImages, workers, knnEvery);
            MethodSettings method = new MethodSettings(
                    preset, arch, customBackbone,
                    head != null ? head : preset.head(),
                    dim,
                    augmentation != null ? augmentation : preset.augmentation(),
                    epochs, warmup, batchSize,
                    lr != null ? lr : BASE_LR_PER_256 * batchSize / 256f,
                    sgdMomentum, weightDecay,
                    schedule != null ? schedule : preset.schedule(),
                    lrSteps != null ? lrSteps : LrSchedule.defaultSteps(epochs),
                    temperature != null ? temperature : preset.temperature(),
                    queue, m, ks, protoDupMask, instanceLoss,
                    prototypes(),
                    kmeansIterations, kmeansRestarts, maxPointsPerCentroid, seed, shuffleBn, splits, symmetric);
            TrainConfig config = new TrainConfig(run, method);
            config.validate(numImages);
            if (queueSize != null && DataScaledDefaults.queueTooLarge(queueSize, numImages)) {
                LOG.warn("a queue of {} keys is {}% of the {} training images (more than {}%): each image's own key from the previous "
                        + "epoch sits in the queue as a negative for many images; the default is {}% of N ({} here)", queueSize,
                        Math.round(100.0 * queueSize / numImages), numImages, Math.round(100 * DataScaledDefaults.QUEUE_WARN_FRACTION),
                        Math.round(100 * DataScaledDefaults.QUEUE_FRACTION), DataScaledDefaults.queueSize(numImages, batchSize, keyBatches));
            } else if (queueSize == null && DataScaledDefaults.queueTooLarge(queue, numImages)) {
                LOG.warn("the queue cannot be smaller than one batch: {} keys are {}% of the {} training images (the default aims at "
                        + "{}%); a smaller batch keeps fewer of each image's own old keys among its negatives", queue,
                        Math.round(100.0 * queue / numImages), numImages, Math.round(100 * DataScaledDefaults.QUEUE_FRACTION));
            }
            return config;
        }

        /**
         * The settings the last {@link #build} derived from the data because they were left unset,
         * each with its rule (e.g. {@code queue=8%·N}), for the config log line; the config itself
         * holds only the resolved values.
         */
        public List<String> derived() {
            return derived;
        }



        /** Whether this run has the prototype term: {@link #protoLoss} if set, else its preset's. */
        private boolean prototypes() {
            return protoLoss != null ? protoLoss : preset.prototypes();
        }

        private static <T> T derive(List<String> derived, String name, T value) {
            derived.add(name);
            return value;
        }
    }
}
