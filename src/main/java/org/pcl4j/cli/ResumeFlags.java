package org.pcl4j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.pcl4j.InputException;
import org.pcl4j.train.Checkpoint;
import org.pcl4j.train.Preset;
import org.pcl4j.train.TrainConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code train --resume DIR} keeps the run's settings (from its checkpoint). A setting flag given
 * explicitly with a different value is an error naming the flag, rather than silently ignored;
 * {@code --epochs N} larger than the run's extends it.
 */
final class ResumeFlags {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeFlags.class);

    /** Flags that do not describe the run: free on resume. */
    private static final Set<String> FREE = Set.of("--resume", "--no-progress", "--verbose", "--help", "--version", "--epochs");

    /** Each setting flag and the value the checkpoint's config holds for it. */
    private static final Map<String, Function<TrainConfig, Object>> SETTINGS = Map.ofEntries(
            Map.entry("--data", TrainConfig::data),
            Map.entry("--preset", TrainConfig::preset),
            Map.entry("--arch", TrainConfig::arch),
            Map.entry("--head", TrainConfig::head),
            Map.entry("--dim", TrainConfig::dim),
            Map.entry("--aug", TrainConfig::augmentation),
            Map.entry("--warmup-epochs", TrainConfig::warmupEpochs),
            Map.entry("--batch-size", TrainConfig::batchSize),
            Map.entry("--lr", TrainConfig::lr),
            Map.entry("--sgd-momentum", TrainConfig::sgdMomentum),
            Map.entry("--wd", TrainConfig::weightDecay),
            Map.entry("--schedule", TrainConfig::schedule),
            Map.entry("--lr-steps", TrainConfig::lrSteps),
            Map.entry("--temperature", TrainConfig::temperature),
            Map.entry("--queue-size", TrainConfig::queueSize),
            Map.entry("--moco-m", TrainConfig::emaMomentum),
            Map.entry("--num-cluster", TrainConfig::numClusters),
            Map.entry("--proto-dup-mask", TrainConfig::protoDupMask),
            Map.entry("--proto-loss", TrainConfig::protoLoss),
            Map.entry("--instance-loss", TrainConfig::instanceLoss),
            Map.entry("--kmeans-iters", TrainConfig::kmeansIterations),
            Map.entry("--kmeans-restarts", TrainConfig::kmeansRestarts),
            Map.entry("--max-points-per-centroid", TrainConfig::maxPointsPerCentroid),
            Map.entry("--seed", TrainConfig::seed),
            Map.entry("--workers", TrainConfig::workers),
            Map.entry("--limit", TrainConfig::limit),
            Map.entry("--image-size", TrainConfig::imageSize),
            Map.entry("--skip-bad-images", TrainConfig::skipBadImages),
            Map.entry("--knn-every", TrainConfig::knnEvery),
            Map.entry("--shuffle-bn", TrainConfig::shuffleBn),
            Map.entry("--bn-splits", TrainConfig::bnSplits));

    private ResumeFlags() {}

    /** The config to continue with: the checkpoint's, its epochs extended by a larger {@code --epochs}. */
    static TrainConfig apply(ParseResult parsed, Checkpoint checkpoint, Path runDir) {
        TrainConfig config = checkpoint.config();
        for (OptionSpec o : parsed.matchedOptions()) {
            String flag = o.longestName();
            Object given = o.getValue();
            if (FREE.contains(flag)) {
                continue;
            }
            if (flag.equals("--out")) {
                if (!((Path) given).toAbsolutePath().normalize().equals(runDir.toAbsolutePath().normalize())) {
                    throw new InputException("--out " + given + " conflicts with --resume " + runDir
                            + ": a resumed run writes into its own directory; drop --out");
                }
                continue;
            }
            Function<TrainConfig, Object> setting = SETTINGS.get(flag);
            if (setting == null) {
                continue; // not a setting of the run (e.g. where it runs)
            }
            Object kept = setting.apply(config);
            if (flag.equals("--preset")) {
                given = Preset.parse((String) given);
            }
            if (!Objects.deepEquals(given, kept)) {
                throw new InputException(flag + " " + text(given) + " conflicts with the run in " + runDir + " (trained with "
                        + flag + " " + text(kept) + "); a resumed run keeps its settings: drop " + flag
                        + ", or start a new run with another --out");
            }
        }
        OptionSpec epochs = parsed.matchedOption("--epochs");
        if (epochs != null) {
            int n = epochs.getValue();
            if (n < config.epochs()) {
                throw new InputException("--epochs " + n + " is fewer than the " + config.epochs() + " epochs of the run in " + runDir
                        + " (" + checkpoint.epochsDone() + " done); --resume can extend a run, not shorten it");
            }
            if (n > config.epochs()) {
                LOG.info("extending the run in {} from {} to {} epochs ({} done)", runDir, config.epochs(), n, checkpoint.epochsDone());
                config = config.withEpochs(n);
            }
        }
        return config;
    }

    private static String text(Object value) {
        if (value instanceof int[] a) {
            return String.join(",", Arrays.stream(a).mapToObj(String::valueOf).toList());
        }
        return value instanceof Preset p ? p.toString() : String.valueOf(value);
    }
}
