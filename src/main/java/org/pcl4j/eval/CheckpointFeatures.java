package org.pcl4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.pcl4j.data.BatchLoader;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;
import org.pcl4j.data.Transforms;
import org.pcl4j.model.Devices;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.FeatureExtractor;
import org.pcl4j.tensor.Rows;
import org.pcl4j.train.Checkpoint;
import org.pcl4j.train.TrainConfig;

/**
 * Frozen features of a data set computed by a checkpoint's encoder (evaluation transform, eval
 * mode): what {@code pcl4j embed} writes and what {@code pcl4j eval --checkpoint} evaluates.
 */
public final class CheckpointFeatures {
    private static final int BATCH_SIZE = 256;

    /** Features of one split; {@code labels} is null (and {@code classNames} empty) when the data is unlabelled. */
    public record Embedding(float[] features, int rows, int dim, int[] labels, java.util.List<String> classNames) {
        /**
         * The features with their labels.
         *
         * @param what the data, as a {@link SettingException} template (e.g. {@code "{data} (train split)"})
         */
        public LabelledFeatures labelled(String what) {
            if (labels == null) {
                throw new SettingException("data", what + " has no labels; the evaluations need a labelled data set");
            }
            return new LabelledFeatures(features, rows, dim, labels);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFeatures.class);

    private CheckpointFeatures() {}

    /**
     * The data given by {@code --data} ({@code given}), or else the data the checkpoint's run recorded. A run built in
     * Java on an {@link ImageSource} records the source's description, which is no spec: parsing it said
     * "{@code --data '<description>'}: expected one of ..." to a user who had given no {@code --data}. Every command that
     * opens a checkpoint's data goes through here.
     *
     * @param given the {@code data} setting, or null when not given
     */
    public static DataSpec dataSpec(Checkpoint checkpoint, String given) {
        if (given != null) {
            return DataSpec.parse(given);
        }
        String recorded = checkpoint.config().data();
        try {
            return DataSpec.parse(recorded);
        } catch (InputException e) {
            throw new SettingException("data", "{data}: not given, and the run of " + checkpoint.file() + " was trained from a Java "
                    + "ImageSource (" + recorded + ") whose data cannot be reopened from that description; pass {data} SPEC", e);
        }
    }

    /**
     * Both splits of the data, embedded.
     *
     * @param dataSpec data set to embed, or null for the one the checkpoint was trained on
     * @param head     projection output instead of backbone features (ALGORITHM.md §7 uses the backbone)
     */
    public static FeatureSplits of(Checkpoint checkpoint, String dataSpec, boolean head) {
        DataSpec spec = dataSpec(checkpoint, dataSpec);
        if (!spec.hasSplit(Split.TEST)) {
            InputException why = spec.whyNo(Split.TEST);
            throw new SettingException("data", "{data} " + spec + ": the evaluations need its test split; " + why.getMessage(), why);
        }
        LabelledFeatures train = embed(checkpoint, spec, Split.TRAIN, head).labelled("{data} (train split)");
        LabelledFeatures test = embed(checkpoint, spec, Split.TEST, head).labelled("{data} (test split)");
        return new FeatureSplits(train, test, checkpoint.file() + " on " + spec.kind() + " (" + train.rows() + " train, " + test.rows()
                + " test, " + (head ? "projection head" : "backbone") + " features)");
    }

    /** The train split alone, embedded: for the protocols that use no test split (clustering, ALGORITHM.md §7). */
    public static LabelledFeatures train(Checkpoint checkpoint, String dataSpec, boolean head) {
        return embed(checkpoint, dataSpec(checkpoint, dataSpec), Split.TRAIN, head).labelled("{data} (train split)");
    }

    /** Embeds every image of one split with the checkpoint's query encoder. */
    public static Embedding embed(Checkpoint checkpoint, DataSpec spec, Split split, boolean head) {
        TrainConfig config = checkpoint.config();
        // Opened at the side the encoder trained at (a folder's own side is not derived again).
        int size = checkpoint.header().encoder().imageSize();
        ImageSource source = spec.open(split, new SourceOptions(size, config.skipBadImages()));
        if (source.channels() != checkpoint.header().encoder().channels()) {
            throw new SettingException("data", "{data} " + spec.kind() + ": images have " + source.channels() + " channel(s), the checkpoint's encoder expects "
                    + checkpoint.header().encoder().channels());
        }
        try (NDManager manager = Devices.newManager();
                Encoder encoder = checkpoint.loadEncoder(manager, false);
                BatchLoader loader = BatchLoader.evaluation(source, Transforms.eval(source, size), BATCH_SIZE, config.workers())) {
            LOG.info("embedding the {} split ({} images) with {} ...", split.name().toLowerCase(java.util.Locale.ROOT), source.size(),
                    checkpoint.file());
            long start = System.nanoTime();
            NDArray f = FeatureExtractor.extract(encoder, loader, source.size(), head, manager);
            int dim = (int) f.getShape().get(1);
            LOG.info("embedded {} images in {} s", source.size(), String.format("%.1f", (System.nanoTime() - start) / 1e9));
            int[] labels = null;
            if (source.hasLabels()) {
                labels = new int[source.size()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = source.label(i);
                }
            }
            float[] features = f.toFloatArray();
            long bad = Rows.firstNonFinite(features);
            if (bad >= 0) {
                // Not the data's fault (pixels are finite): the weights overflowed or are NaN.
                throw new SettingException("checkpoint", "{checkpoint} " + checkpoint.file() + ": its encoder gives NaN or infinite "
                        + "features (first at image " + bad / dim + " of the " + split.name().toLowerCase(java.util.Locale.ROOT)
                        + " split, column " + bad % dim + "); expected finite features (did the training diverge? try an earlier checkpoint)");
            }
            return new Embedding(features, source.size(), dim, labels, source.classNames());
        }
    }
}
