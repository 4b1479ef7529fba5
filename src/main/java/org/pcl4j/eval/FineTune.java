package org.pcl4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.pcl4j.data.AugmentationPolicy;
import org.pcl4j.data.Batch;
import org.pcl4j.data.BatchLoader;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageSources;
import org.pcl4j.data.Transforms;
import org.pcl4j.loss.CrossEntropy;
import org.pcl4j.model.Devices;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.ParameterVector;
import org.pcl4j.model.SharedEngine;
import org.pcl4j.train.Checkpoint;
import org.pcl4j.train.LrSchedule;
import org.pcl4j.train.Schedule;
import org.pcl4j.train.Sgd;

/**
 * Semi-supervised fine-tuning (the paper's 1% / 10% labels protocol): the whole pre-trained
 * backbone plus a new linear classifier, trained with cross-entropy on a class-balanced labelled
 * fraction of the train split (crop + flip augmentation, SGD with momentum, cosine schedule), then
 * top-1 on the test split.
 */
public final class FineTune {
    private FineTune() {}

    /** Settings; the defaults are a short CPU-friendly recipe, every one a flag of {@code eval finetune}. */
    public record Config(double[] fractions, int epochs, int batchSize, float lr, float weightDecay, long seed, int workers) {
        public static final double[] DEFAULT_FRACTIONS = {0.01, 0.1};
        public static final int DEFAULT_EPOCHS = 20;
        public static final int DEFAULT_BATCH_SIZE = 64;
        public static final float DEFAULT_LR = 0.01f;
        public static final float DEFAULT_WEIGHT_DECAY = 1e-4f;

        public Config {
            fractions = fractions.clone();
            for (double f : fractions) {
                if (!(f > 0 && f <= 1)) {
                    throw new SettingException("fractions", "{fractions}: expected values in (0, 1], got " + f);
                }
            }
            if (epochs < 1 || batchSize < 2 || !(lr > 0)) {
                throw new SettingException("epochs", "{epochs}, {batchSize}, {lr}: expected >= 1, >= 2, > 0; got " + epochs + ", " + batchSize + ", " + lr);
            }
            if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
                throw new SettingException("weightDecay", "{weightDecay}: expected a finite number >= 0, got " + weightDecay);
            }
        }
    }

    /** One labelled fraction's outcome. */
    public record Row(double fraction, int labelledImages, double top1) {}

    /** Every labelled fraction's outcome, with the recipe and the test split's size. */
    public record Result(String recipe, int testSize, List<Row> rows) implements EvalReport {
        @Override
        public Table table() {
            List<List<String>> r = new ArrayList<>();
            for (Row row : rows) {
                r.add(List.of(percent(row.fraction()), String.valueOf(row.labelledImages()), Table.fmt(row.top1())));
            }
            return new Table("fine-tuning: " + recipe, List.of("labels", "images", "top-1"), r);
        }
    }

    /** A fraction as a percentage to three significant digits: 0.005 and 0.0051 were both "1%", 0.0001 "0%". */
    static String percent(double fraction) {
        return new java.math.BigDecimal(fraction * 100).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString() + "%";
    }

    public static Result run(Checkpoint checkpoint, ImageSource train, ImageSource test, Config config) {
        if (!train.hasLabels() || !test.hasLabels()) {
            throw new SettingException("data", "{data}: fine-tuning needs labelled train and test splits");
        }
        int[] labels = new int[train.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = train.label(i);
        }
        List<Row> rows = new ArrayList<>();
        for (double fraction : config.fractions()) {
            int perClass = Math.max(1, (int) Math.round(fraction * train.size() / train.numClasses()));
            int[] chosen = Sampling.perClass(labels, perClass, config.seed());
            ImageSource labelled = ImageSources.select(train, chosen, percent(fraction) + " labelled, " + perClass + " per class");
            rows.add(new Row(fraction, chosen.length, fineTune(checkpoint, labelled, test, config)));
        }
        String recipe = String.format("backbone + linear classifier, SGD momentum 0.9, lr %s cosine, wd %s, %d epochs, batch %d, crop+flip",
                config.lr(), config.weightDecay(), config.epochs(), config.batchSize());
        return new Result(recipe, test.size(), rows);
    }

    private static double fineTune(Checkpoint checkpoint, ImageSource labelled, ImageSource test, Config config) {
        int batch = Math.min(config.batchSize(), labelled.size());
        try (NDManager manager = Devices.newManager(); Encoder encoder = checkpoint.loadEncoder(manager, false)) {
            encoder.setRequiresGradient(true);
            int size = encoder.config().imageSize();
            // the classifier's initial weights: seeded and drawn in one turn of the engine's generator (SharedEngine)
            Linear classifier = SharedEngine.seeded(config.seed(), () -> {
                Linear linear = Linear.builder().setUnits(labelled.numClasses()).build();
                linear.initialize(manager, DataType.FLOAT32, new Shape(1, encoder.featureWidth()));
                return linear;
            });
            List<ParameterVector> params = new ArrayList<>(List.of(encoder.parameterVector()));
            classifier.getParameters().values().forEach(p -> {
                p.getArray().setRequiresGradient(true);
                params.add(ParameterVector.of(p));
            });
            ParameterStore store = new ParameterStore(manager, false);
            LrSchedule schedule = new LrSchedule(Schedule.COSINE, config.lr(), config.epochs(), new int[0]);
            try (Sgd sgd = Sgd.over(params, 0.9f, config.weightDecay()); NDArray lossSum = manager.zeros(new Shape())) {
                for (int epoch = 0; epoch < config.epochs(); epoch++) {
                    try (BatchLoader loader = BatchLoader.training(labelled, Transforms.train(AugmentationPolicy.MOCO_V1, labelled, size),
                            batch, config.seed(), epoch, config.workers())) {
                        for (Batch b : loader) {
                            try (NDScope scope = new NDScope()) {
                                scope.suppressNotUsedWarning();
                                NDArray x = Encoder.images(b, 0, manager);
                                try (GradientCollector collector = SharedEngine.newGradientCollector()) {
                                    NDArray logits = classifier.forward(store, new NDList(encoder.features(x, true)), true).singletonOrThrow();
                                    NDArray loss = CrossEntropy.of(logits, b.labels()).loss();
                                    collector.backward(loss);
                                    lossSum.addi(loss.stopGradient()); // on the device: read once an epoch, below
                                }
                                sgd.step(schedule.lr(epoch));
                            }
                        }
                    }
                    // A diverged fine-tune predicts one class: its chance-level top-1 read as a result (lr 1e6: 0.1000).
                    float sum = lossSum.getFloat();
                    if (!Float.isFinite(sum)) {
                        throw new SettingException("lr", "{lr} " + config.lr() + ": fine-tuning on " + labelled.size()
                                + " labelled images diverged (loss " + sum + " in epoch " + (epoch + 1) + " of " + config.epochs()
                                + "); try a smaller {lr}");
                    }
                }
            }
            return top1(encoder, classifier, store, test, size, config);
        }
    }

    private static double top1(Encoder encoder, Linear classifier, ParameterStore store, ImageSource test, int size, Config config) {
        int correct = 0;
        try (BatchLoader loader = BatchLoader.evaluation(test, Transforms.eval(test, size), 256, config.workers())) {
            for (Batch b : loader) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = Encoder.images(b, 0, encoder.manager());
                    NDArray logits = classifier.forward(store, new NDList(encoder.features(x, false)), false).singletonOrThrow();
                    long[] predicted = logits.argMax(1).toLongArray();
                    for (int i = 0; i < predicted.length; i++) {
                        correct += predicted[i] == b.labels()[i] ? 1 : 0;
                    }
                }
            }
        }
        return (double) correct / test.size();
    }
}
