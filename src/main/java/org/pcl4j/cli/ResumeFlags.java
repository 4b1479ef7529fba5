package org.pcl4j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.lang.reflect.RecordComponent;
import java.util.Objects;
import java.util.Set;
import org.pcl4j.Choice;
import org.pcl4j.InputException;
import org.pcl4j.data.DataSpec;
import org.pcl4j.eval.CheckpointFeatures;
import org.pcl4j.train.Checkpoint;
import org.pcl4j.train.TrainConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code train --resume DIR} keeps the run's settings (from its checkpoint). A setting flag given
 * explicitly with a different value is an error naming the flag, rather than silently ignored;
 * {@code --epochs N} larger than the run's extends it. Which flag sets which setting (component
 * of {@link org.pcl4j.train.RunSettings} or {@link org.pcl4j.train.MethodSettings}) comes from
 * {@link SettingFlags}.
 */
final class ResumeFlags {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeFlags.class);

    /** The setting of {@code --data}. */
    private static final String DATA = "data";
    /** Flags that do not describe the run: free on resume. */
    private static final Set<String> FREE = Set.of("--resume", "--no-progress", "--verbose", "--help", "--version", "--epochs");

    private ResumeFlags() {}

    /** The config to continue with: the checkpoint's, its epochs extended by a larger {@code --epochs}. */
    static TrainConfig apply(ParseResult parsed, Checkpoint checkpoint, Path runDir) {
        TrainConfig config = checkpoint.config();
        DataSpec dataGiven = null;
        int workers = config.workers();
        int knnEvery = config.knnEvery();
        for (OptionSpec o : parsed.matchedOptions()) {
            String flag = o.longestName();
            Object given = o.getValue();
            if (FREE.contains(flag)) {
                continue;
            }
            // Taken, not held against the run: they change where it runs and what it reports, not what it computes.
            if (flag.equals("--workers")) {
                workers = (Integer) given;
                continue;
            }
            if (flag.equals("--knn-every")) {
                knnEvery = (Integer) given;
                continue;
            }
            if (flag.equals("--out")) {
                if (!((Path) given).toAbsolutePath().normalize().equals(runDir.toAbsolutePath().normalize())) {
                    throw new InputException("--out " + given + " conflicts with --resume " + runDir
                            + ": a resumed run writes into its own directory; drop --out");
                }
                continue;
            }
            String setting = SettingFlags.setting(flag);
            Object kept = setting == null ? null : valueOf(config, setting);
            if (kept == null) {
                continue; // not a setting of the run (e.g. where it runs)
            }
            if (kept instanceof Choice choice && given instanceof String text) {
                given = parseLike(choice, setting, text);
            }
            if (setting.equals(DATA)) {
                // The same data however it is written (relative, with ./ or .., the default path spelled out).
                DataSpec named = DataSpec.parse((String) given).canonical();
                if (!sameData(named, (String) kept)) {
                    throw conflict(flag, named, kept, runDir);
                }
                dataGiven = named;
                continue;
            }
            if (!Objects.deepEquals(given, kept)) {
                throw conflict(flag, given, kept, runDir);
            }
        }
        // Recorded absolutely from now on, so that later resumes work from anywhere: the folder --data named,
        // or, for a run of an earlier version that recorded a relative folder, the folder it names from here,
        // where it is about to be opened.
        if (dataGiven == null) {
            CheckpointFeatures.dataSpec(checkpoint, null); // a run on a Java ImageSource: says to pass --data, not "expected one of"
        }
        config = config.withData(dataGiven != null ? dataGiven.toString() : canonicalData(config.data()));
        if (workers != config.workers() || knnEvery != config.knnEvery()) {
            LOG.info("the run in {} continues with --workers {} --knn-every {} (trained with {} and {}; neither changes its results)",
                    runDir, workers, knnEvery, config.workers(), config.knnEvery());
            config = config.withRuntime(workers, knnEvery);
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

    private static InputException conflict(String flag, Object given, Object kept, Path runDir) {
        return new InputException(flag + " " + text(given) + " conflicts with the run in " + runDir + " (trained with "
                + flag + " " + text(kept) + "); a resumed run keeps its settings: drop " + flag
                + ", or start a new run with another --out");
    }

    /**
     * Whether {@code given} (canonical) names the data the run recorded. A run of an earlier version
     * recorded a folder as it was given, relative to a working directory it did not record: then any
     * folder ending in that relative path is taken for it ({@code /data/fold/tt} for {@code fold/tt}),
     * so that such a run can be resumed from elsewhere by naming its data absolutely.
     */
    private static boolean sameData(DataSpec given, String recorded) {
        DataSpec kept;
        try {
            kept = DataSpec.parse(recorded);
        } catch (InputException e) {
            // No spec: a run built in Java on an ImageSource, which only --data can name from the command line. Taken at
            // its word; the number of images is still held against the checkpoint's (a warning when it differs).
            return true;
        }
        return kept.canonical().equals(given)
                || kept.kind().equals(given.kind()) && !kept.dir().isAbsolute() && given.dir().endsWith(kept.dir().normalize());
    }

    /**
     * A recorded data spec in its canonical form ({@link DataSpec#canonical}), or as it is when it is no
     * spec (a run built in Java on an {@link org.pcl4j.data.ImageSource} records its description).
     */
    private static String canonicalData(String recorded) {
        try {
            return DataSpec.parse(recorded).canonical().toString();
        } catch (InputException e) {
            return recorded;
        }
    }

    /** The value of the setting {@code setting} (a component of the run or method settings), or null if there is none. */
    private static Object valueOf(TrainConfig config, String setting) {
        for (Record part : new Record[] {config.run(), config.method()}) {
            for (RecordComponent c : part.getClass().getRecordComponents()) {
                if (c.getName().equals(setting)) {
                    try {
                        return c.getAccessor().invoke(part);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parseLike(Choice kept, String setting, String text) {
        return Choice.parse((Class) ((Enum<?>) kept).getDeclaringClass(), setting, text);
    }

    private static String text(Object value) {
        if (value instanceof int[] a) {
            return String.join(",", Arrays.stream(a).mapToObj(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
