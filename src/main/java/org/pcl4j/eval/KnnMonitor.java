package org.pcl4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.pcl4j.data.BatchLoader;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageSources;
import org.pcl4j.data.ImageTransform;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;
import org.pcl4j.data.Transforms;
import org.pcl4j.model.Devices;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.FeatureExtractor;
import org.pcl4j.train.EpochMetrics;
import org.pcl4j.train.PclTrainer;
import org.pcl4j.train.TrainingListener;
import org.pcl4j.train.TrainConfig;

/**
 * The kNN monitor of ALGORITHM.md §7 during training: features of the labelled train split as the memory,
 * the test split as queries, k = 200 neighbours with weights exp(sim/0.1). {@link #forRun} uses the
 * L2-normalised projection output, as MoCo's kNN monitor does (not the backbone features that
 * {@code pcl4j eval knn} uses by default).
 */
public final class KnnMonitor implements TrainingListener {
    private final ImageSource train;
    private final ImageSource test;
    private final ImageTransform trainTransform;
    private final ImageTransform testTransform;
    private final int[] trainLabels;
    private final int[] testLabels;
    private final int batchSize;
    private final int workers;
    private final boolean head;
    private final int every;

    /**
     * @param head  kNN on the L2-normalised projection output (as MoCo's kNN monitor) rather than on
     *              backbone features
     * @param every as a training listener: evaluate every this many epochs (and after the last)
     */
    public KnnMonitor(ImageSource train, ImageSource test, int imageSize, int batchSize, int workers, boolean head, int every) {
        // Everything is checked here: the monitor first runs after an epoch of training, too late to learn of a bad argument.
        if (every < 1) {
            throw new SettingException("knnEvery", "{knnEvery}: expected >= 1 (the kNN monitor runs every this many epochs), got " + every);
        }
        if (imageSize < 1) {
            throw new SettingException("imageSize", "{imageSize}: expected >= 1 (the side the kNN monitor resizes images to), got "
                    + imageSize);
        }
        BatchLoader.check(train, batchSize, workers);
        BatchLoader.check(test, batchSize, workers);
        if (test.channels() != train.channels()) {
            throw new InputException("the kNN monitor's test images " + test.description() + " have " + test.channels()
                    + " channel(s), its train images " + train.description() + " " + train.channels());
        }
        this.trainLabels = labels(train, "train");
        this.testLabels = labels(test, "test");
        this.every = every;
        this.train = train;
        this.test = test;
        this.trainTransform = Transforms.eval(train, imageSize);
        this.testTransform = Transforms.eval(test, imageSize);
        this.batchSize = batchSize;
        this.workers = workers;
        this.head = head;
    }

    /**
     * The monitor for a training run, or null when it cannot run: disabled, unlabelled data, or no
     * test split. The test split is limited like the train split (--limit) to keep it quick.
     */
    public static KnnMonitor forRun(DataSpec spec, ImageSource train, TrainConfig config, boolean enabled) {
        if (!enabled || !train.hasLabels() || !spec.hasSplit(Split.TEST)) {
            return null;
        }
        // The test split at the side the encoder trains at: no second derivation of a folder's own side.
        int size = config.encoderConfig(train.channels(), train.imageSize()).imageSize();
        ImageSource test = spec.open(Split.TEST, new SourceOptions(size, config.skipBadImages()));
        if (!test.hasLabels()) {
            return null;
        }
        if (config.limit() > 0 && config.limit() < test.size()) {
            test = ImageSources.limit(test, config.limit());
        }
        return new KnnMonitor(train, test, size, config.batchSize(), config.workers(), true, config.knnEvery());
    }

    /** Adds the kNN top-1 of the query encoder to the metrics of every {@code every}-th epoch and of the last. */
    @Override
    public EpochMetrics onEpochEnd(PclTrainer trainer, EpochMetrics metrics) {
        int epoch = metrics.epoch(); // 1-based
        if (epoch % every != 0 && epoch != trainer.config().epochs()) {
            return metrics;
        }
        long t = System.nanoTime();
        double top1 = knn(trainer.model().queryEncoder()).top1();
        return metrics.withEvaluation(top1, (System.nanoTime() - t) / 1e9);
    }

    public Knn.KnnResult knn(Encoder encoder) {
        try (NDManager manager = Devices.newManager()) {
            NDArray memory = features(encoder, train, trainTransform, manager);
            NDArray queries = features(encoder, test, testTransform, manager);
            return Knn.classify(memory, trainLabels, queries, testLabels, train.numClasses(), Knn.DEFAULT_K, Knn.DEFAULT_TEMPERATURE);
        }
    }

    private NDArray features(Encoder encoder, ImageSource source, ImageTransform transform, NDManager manager) {
        try (BatchLoader loader = BatchLoader.evaluation(source, transform, batchSize, workers)) {
            return FeatureExtractor.extract(encoder, loader, source.size(), head, manager);
        }
    }

    /**
     * Every label of {@code source}, each in {@code [0, numClasses)} as {@link ImageSource#label} promises: the votes
     * have one slot per train class, so a label outside them was an ArrayIndexOutOfBoundsException after an epoch.
     */
    private static int[] labels(ImageSource source, String split) {
        String needs = "the kNN monitor needs labelled train and test images";
        if (!source.hasLabels()) {
            throw new InputException(needs + "; its " + split + " images " + source.description() + " have no labels");
        }
        int[] labels = new int[source.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = source.label(i);
            if (labels[i] < 0 || labels[i] >= source.numClasses()) {
                throw new InputException(needs + "; its " + split + " images " + source.description() + " give label " + labels[i]
                        + " to image " + i + ", expected a class in [0, " + source.numClasses() + ")");
            }
        }
        return labels;
    }
}
