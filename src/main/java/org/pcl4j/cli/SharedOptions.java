package org.pcl4j.cli;

import java.nio.file.Path;
import org.pcl4j.InputException;
import org.pcl4j.data.Split;
import org.pcl4j.train.Checkpoint;
import picocli.CommandLine.Option;

/**
 * Options that several commands share, declared once as picocli mixins ({@code @Mixin}).
 * {@code --verbose} is an inherited option of {@link Pcl4j} itself.
 */
final class SharedOptions {
    private SharedOptions() {}

    /** The specs {@code --data} takes, for every command's help. */
    private static final String DATA_SPECS = "fashion-mnist[:DIR] | mnist:DIR | cifar10:DIR | cifar100:DIR | folder:DIR (default DIR of "
            + "fashion-mnist: /usr/share/datasets/fashion-mnist). A folder: one sub-folder per class, or flat; DIR/train with "
            + "DIR/test (else DIR/val, DIR/validation) beside it are the train and test splits, DIR/train alone the train split.";

    /** {@code --data SPEC} of a command that also reads a {@code --checkpoint}: its default is the run's data. */
    static final class Data {
        @Option(names = "--data", paramLabel = "SPEC", description = DATA_SPECS + " With --checkpoint, the default is the data it was trained on.")
        String spec;
    }

    /** {@code --data SPEC} of a command without {@code --checkpoint} ({@code train}, {@code plot clusters}). */
    static final class DataOnly {
        @Option(names = "--data", paramLabel = "SPEC", description = DATA_SPECS)
        String spec;
    }

    /** {@code --checkpoint DIR|FILE}: a trained encoder. */
    static final class CheckpointPath {
        @Option(names = "--checkpoint", paramLabel = "DIR|FILE", description = "Run directory (its newest valid checkpoint) or checkpoint file.")
        Path path;

        /** Whether the option was given. */
        boolean given() {
            return path != null;
        }

        /** The newest valid checkpoint of the option; an error naming it when it was not given. */
        Checkpoint load() {
            if (path == null) {
                throw new InputException("--checkpoint: missing (expected a run directory or a checkpoint file)");
            }
            return Checkpoint.loadLatest(path);
        }
    }

    /** {@code --split train|test}, the training split by default. */
    static final class SplitOption {
        @Option(names = "--split", defaultValue = "train", completionCandidates = ChoiceNames.Splits.class,
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        String name;

        /** The split named by the option. */
        Split parse() {
            return Split.parse(name);
        }
    }
}
