package org.pcl4j.cli;

import com.google.gson.GsonBuilder;
import de.bwaldvogel.liblinear.SolverType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pcl4j.InputException;
import org.pcl4j.data.AtomicFiles;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.Npy;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;
import org.pcl4j.eval.CheckpointFeatures;
import org.pcl4j.eval.ClusterQuality;
import org.pcl4j.eval.Clusterer;
import org.pcl4j.eval.EvalReport;
import org.pcl4j.eval.FeatureScaling;
import org.pcl4j.eval.FeatureSource;
import org.pcl4j.eval.FineTune;
import org.pcl4j.eval.Knn;
import org.pcl4j.eval.LabelledFeatures;
import org.pcl4j.eval.LinearProbe;
import org.pcl4j.eval.LinearProbeConfig;
import org.pcl4j.eval.LowShot;
import org.pcl4j.eval.LowShotConfig;
import org.pcl4j.eval.NpyFeatureSource;
import org.pcl4j.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pcl4j eval knn|linear|lowshot|cluster}: the evaluation protocols of ALGORITHM.md §7 on frozen
 * features. Each prints a short table and, with {@code --json FILE}, writes the same numbers as JSON.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate frozen features with the protocols of the PCL paper (ALGORITHM.md §7).",
        subcommands = {EvalCommand.KnnCommand.class, EvalCommand.LinearCommand.class, EvalCommand.LowShotCommand.class,
                EvalCommand.ClusterCommand.class, EvalCommand.FineTuneCommand.class})
public final class EvalCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(EvalCommand.class);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a sub-command: the usage on stderr and exit 2, as {@code pcl4j} alone. */
    @Override
    public Integer call() {
        return Pcl4j.missingSubcommand(spec);
    }

    /**
     * Where features come from: a trained encoder ({@code --checkpoint}: backbone features of both
     * splits of {@code --data}) or {@code .npy} files.
     */
    static final class Features {
        @Mixin
        SharedOptions.CheckpointPath checkpoint = new SharedOptions.CheckpointPath();

        @Mixin
        SharedOptions.Data data = new SharedOptions.Data();

        @Option(names = "--head", description = "With --checkpoint: projection-head output instead of backbone features.")
        boolean head;

        @Option(names = "--features", paramLabel = "TRAIN.npy", description = "Train-split features, float (N, d).")
        Path trainFeatures;

        @Option(names = "--labels", paramLabel = "TRAIN_LABELS.npy", description = "Train-split labels, int (N,).")
        Path trainLabels;

        @Option(names = "--test-features", paramLabel = "TEST.npy", description = "Test-split features, float (M, d).")
        Path testFeatures;

        @Option(names = "--test-labels", paramLabel = "TEST_LABELS.npy", description = "Test-split labels, int (M,).")
        Path testLabels;

        FeatureSource source() {
            if (checkpoint.given()) {
                noFeatureFiles();
                return CheckpointFeatures.of(checkpoint.load(), data.spec, head);
            }
            checkpointOnly();
            require(trainFeatures, "--features");
            require(trainLabels, "--labels");
            require(testFeatures, "--test-features");
            require(testLabels, "--test-labels");
            return NpyFeatureSource.read(trainFeatures, trainLabels, testFeatures, testLabels);
        }

        /** The train split alone: embedded (it used to embed the test split too, and to refuse data without one), or read. */
        LabelledFeatures trainOnly(String protocol) {
            if (checkpoint.given()) {
                noFeatureFiles();
                return CheckpointFeatures.train(checkpoint.load(), data.spec, head);
            }
            checkpointOnly();
            require(trainFeatures, "--features");
            require(trainLabels, "--labels");
            LabelledFeatures train = LabelledFeatures.read(trainFeatures, "features", trainLabels, "labels");
            if (testFeatures != null || testLabels != null) {
                LOG.warn("--test-features/--test-labels ignored: {} uses the train split (--features) only", protocol);
            }
            return train;
        }

        private void noFeatureFiles() {
            if (trainFeatures != null || testFeatures != null) {
                throw new InputException("--checkpoint: give either --checkpoint or --features/--test-features, not both");
            }
        }

        /** --head and --data say how a checkpoint embeds: with feature files they were silently ignored. */
        private void checkpointOnly() {
            if (head || data.spec != null) {
                throw new InputException((head ? "--head" : "--data " + data.spec)
                        + ": applies with --checkpoint (how its encoder embeds the data), not with --features files");
            }
        }

        static void require(Path p, String flag) {
            if (p == null) {
                throw new InputException(flag + ": missing (expected a .npy file)");
            }
        }
    }

    /** Prints the table and writes {@code {"protocol", "source", "result"}} as JSON when asked. */
    abstract static class Report implements Callable<Integer> {
        @Option(names = "--json", paramLabel = "FILE", description = "Also write the numbers as JSON to FILE.")
        Path json;

        @Mixin
        DeviceOption device;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        abstract EvalReport evaluate(Map<String, Object> context);

        @Override
        public Integer call() {
            if (json != null) {
                // before the evaluation, which can take minutes (embedding, fine-tuning), not after it
                if (json.toString().isBlank()) {
                    throw new InputException("--json: expected a file name, got an empty path");
                }
                AtomicFiles.requireWritable(json, "--json");
            }
            device.select();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("protocol", spec.name());
            long start = System.nanoTime();
            EvalReport r = evaluate(out);
            out.put("seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
            out.put("result", r);
            PrintWriter w = spec.commandLine().getOut();
            w.print(r.table().render());
            w.flush();
            if (json != null) {
                writeJson(json, out);
            }
            return 0;
        }
    }

    /** Writes the JSON whole or not at all ({@link AtomicFiles}): an interrupted write leaves the previous file. */
    static void writeJson(Path file, Object value) {
        byte[] text = (new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(value) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(file, out -> out.write(text));
        } catch (IOException e) {
            throw new InputException("--json " + file + ": cannot write (" + AtomicFiles.reason(e) + ")", e);
        }
    }

    @Command(name = "knn", mixinStandardHelpOptions = true,
            description = "Weighted kNN on L2-normalised features: top-1 and top-5 on test (ALGORITHM.md §7).")
    static final class KnnCommand extends Report {
        @Mixin
        Features features = new Features();

        @Option(names = "--k", defaultValue = "" + Knn.DEFAULT_K, description = "Neighbours per vote (default ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--temperature", defaultValue = "" + Knn.DEFAULT_TEMPERATURE,
                description = "Vote weight exp(sim/T) (default ${DEFAULT-VALUE}).")
        float temperature;

        @Override
        EvalReport evaluate(Map<String, Object> context) {
            Knn.checkSettings(k, temperature); // before the embedding, which takes minutes
            FeatureSource s = features.source();
            context.put("source", s.description());
            return Knn.classify(s.train(), s.test(), k, temperature);
        }
    }

    @Command(name = "linear", mixinStandardHelpOptions = true,
            description = "Linear classifier (LIBLINEAR) on frozen, standardised features; top-1 on test (ALGORITHM.md §7).")
    static final class LinearCommand extends Report {
        @Mixin
        Features features = new Features();

        @Option(names = "--costs", split = ",", paramLabel = "C,C,...", description = "Candidate costs (default ${DEFAULT-VALUE}).")
        double[] costs = LinearProbeConfig.DEFAULT_COSTS;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the validation split (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--solver", paramLabel = "NAME",
                description = "LIBLINEAR solver, e.g. L2R_L2LOSS_SVC, L2R_L2LOSS_SVC_DUAL, L2R_LR (default ${DEFAULT-VALUE}).")
        String solver = LinearProbeConfig.DEFAULT_SOLVER.name();

        @Option(names = "--scaling", completionCandidates = ChoiceNames.Scalings.class,
                description = "How features are scaled before the fit: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        String scaling = LinearProbeConfig.DEFAULT_SCALING.cliName();

        @Override
        EvalReport evaluate(Map<String, Object> context) {
            SolverType type;
            try {
                type = SolverType.valueOf(solver);
            } catch (IllegalArgumentException e) {
                throw new InputException("--solver: unknown LIBLINEAR solver '" + solver + "' (e.g. L2R_L2LOSS_SVC, L2R_LR)", e);
            }
            // The settings first: a bad --costs is reported before the features are read (or embedded).
            LinearProbeConfig config = configOrFail(() -> LinearProbeConfig.defaults().withCosts(costs).withSeed(seed).withSolver(type)
                    .withScaling(FeatureScaling.parse("scaling", scaling)));
            FeatureSource s = features.source();
            context.put("source", s.description());
            return LinearProbe.evaluate(s.train(), s.test(), config);
        }
    }

    @Command(name = "lowshot", mixinStandardHelpOptions = true,
            description = "Linear SVM on k labelled images per class, several seeded draws: mean ± std top-1 (ALGORITHM.md §7).")
    static final class LowShotCommand extends Report {
        @Mixin
        Features features = new Features();

        @Option(names = "--shots", split = ",", paramLabel = "K,K,...", description = "Images per class (default ${DEFAULT-VALUE}).")
        int[] shots = LowShotConfig.DEFAULT_SHOTS;

        @Option(names = "--draws", defaultValue = "" + LowShotConfig.DEFAULT_DRAWS, description = "Random draws per k (default ${DEFAULT-VALUE}).")
        int draws;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the draws (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--map", description = "Also report per-class one-vs-rest mean average precision.")
        boolean map;

        @Option(names = "--scaling", completionCandidates = ChoiceNames.Scalings.class,
                description = "How features are scaled before the SVM: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        String scaling = LowShotConfig.DEFAULT_SCALING.cliName();

        @Override
        EvalReport evaluate(Map<String, Object> context) {
            LowShotConfig c = configOrFail(() -> LowShotConfig.defaults().withShots(shots).withDraws(draws).withSeed(seed).withMeanAp(map)
                    .withScaling(FeatureScaling.parse("scaling", scaling)));
            FeatureSource s = features.source();
            context.put("source", s.description());
            return LowShot.evaluate(s.train(), s.test(), c);
        }
    }

    @Command(name = "cluster", mixinStandardHelpOptions = true,
            description = "k-means with K = number of classes on the features; AMI and NMI against the labels (ALGORITHM.md §7).")
    static final class ClusterCommand extends Report {
        @Mixin
        Features features = new Features();

        @Option(names = "--assignments", paramLabel = "FILE.npy",
                description = "Score these cluster assignments (int, N) instead of running k-means on --features.")
        Path assignments;

        @Option(names = "--seed", defaultValue = "0", description = "k-means seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--scaling", completionCandidates = ChoiceNames.Scalings.class,
                description = "How features are scaled before k-means: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        String scaling = ClusterQuality.DEFAULT_SCALING.cliName();

        @Override
        EvalReport evaluate(Map<String, Object> context) {
            if (assignments != null) {
                Features.require(features.trainLabels, "--labels");
                int[] labels = LabelledFeatures.readLabels(features.trainLabels, "labels");
                int[] a = Npy.readInts(assignments).data();
                if (a.length != labels.length) {
                    throw new InputException("--assignments " + assignments + ": expected " + labels.length + " values (one per label), got " + a.length);
                }
                context.put("source", assignments.toString());
                return ClusterQuality.score(a, labels, "given assignments");
            }
            FeatureScaling scale = FeatureScaling.parse("scaling", scaling); // the settings before the features are read
            LabelledFeatures f = features.trainOnly("eval cluster");
            context.put("source", String.valueOf(features.checkpoint.given() ? features.checkpoint.path : features.trainFeatures));
            return ClusterQuality.evaluate(f, scale, Clusterer.kmeans(), seed, "k-means");
        }
    }

    private static <T> T configOrFail(java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    @Command(name = "finetune", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Fine-tune the whole encoder + a linear classifier on 1%% and 10%% of the labels (balanced per class); top-1 on test.")
    static final class FineTuneCommand extends Report {
        @Mixin
        SharedOptions.CheckpointPath checkpoint = new SharedOptions.CheckpointPath();

        @Mixin
        SharedOptions.Data data = new SharedOptions.Data();

        @Option(names = "--fractions", split = ",", defaultValue = "0.01,0.1", description = "Labelled fractions of the train split.")
        double[] fractions;

        @Option(names = "--epochs", defaultValue = "" + FineTune.Config.DEFAULT_EPOCHS)
        int epochs;

        @Option(names = "--batch-size", defaultValue = "" + FineTune.Config.DEFAULT_BATCH_SIZE)
        int batchSize;

        @Option(names = "--lr", defaultValue = "" + FineTune.Config.DEFAULT_LR)
        float lr;

        @Option(names = "--wd", defaultValue = "" + FineTune.Config.DEFAULT_WEIGHT_DECAY)
        float weightDecay;

        @Option(names = "--seed", defaultValue = "0", description = "Seeds the labelled sample and the training.")
        long seed;

        @Option(names = "--workers", defaultValue = "1", description = "Augmentation threads.")
        int workers;

        @Override
        EvalReport evaluate(Map<String, Object> context) {
            Checkpoint ckpt = checkpoint.load();
            DataSpec spec = CheckpointFeatures.dataSpec(ckpt, data.spec);
            if (!spec.hasSplit(Split.TEST)) {
                throw new InputException("--data " + spec + ": fine-tuning needs its test split; " + spec.whyNo(Split.TEST).getMessage());
            }
            SourceOptions options = new SourceOptions(ckpt.header().encoder().imageSize(), ckpt.config().skipBadImages());
            context.put("source", ckpt.file() + " on " + spec.kind());
            return FineTune.run(ckpt, spec.open(Split.TRAIN, options), spec.open(Split.TEST, options),
                    new FineTune.Config(fractions, epochs, batchSize, lr, weightDecay, seed, workers));
        }
    }
}
