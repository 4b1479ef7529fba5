package org.pcl4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pcl4j.InputException;
import org.pcl4j.data.AtomicFiles;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.Npy;
import org.pcl4j.data.Split;
import org.pcl4j.eval.CheckpointFeatures;
import org.pcl4j.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pcl4j embed}: features of a data split from a checkpoint, as .npy (plus labels). */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Write the features of every image of a split, computed by a trained encoder, as a float32 .npy (N, d).")
final class EmbedCommand implements Callable<Integer> {
    @Mixin
    SharedOptions.CheckpointPath checkpoint = new SharedOptions.CheckpointPath();

    @Mixin
    SharedOptions.Data data = new SharedOptions.Data();

    @Mixin
    SharedOptions.SplitOption split = new SharedOptions.SplitOption();

    @Option(names = "--out", required = true, paramLabel = "FILE.npy", description = "Features; labels go to FILE.labels.npy when the data is labelled.")
    Path out;

    @Option(names = "--head", description = "Projection-head output (L2-normalised) instead of backbone features.")
    boolean head;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        device.select();
        Split s = split.parse();
        // Before the embedding, which takes minutes on a large split: not after it.
        AtomicFiles.requireWritable(out, "--out");
        AtomicFiles.requireWritable(labelsPath(out), "--out");
        Checkpoint ckpt = checkpoint.load();
        DataSpec spec = CheckpointFeatures.dataSpec(ckpt, data.spec);
        if (!spec.hasSplit(s)) {
            throw new InputException("--split " + split.name + ": " + spec.kind() + ":" + spec.dir() + " has no " + split.name + " split");
        }
        CheckpointFeatures.Embedding e = CheckpointFeatures.embed(ckpt, spec, s, head);
        write(out, e, head ? "projection" : "backbone");
        return 0;
    }

    /**
     * Writes the features to {@code out} and the labels, when there are any, to {@link #labelsPath}; without
     * labels a labels file left there by an earlier embedding is removed, since it would pair old labels with
     * these features. Errors name the file.
     */
    static void write(Path out, CheckpointFeatures.Embedding e, String kind) {
        write(out, () -> Npy.write(out, e.features(), e.rows(), e.dim()));
        System.out.printf("wrote %s: %d x %d %s features%n", out, e.rows(), e.dim(), kind);
        Path labels = labelsPath(out);
        if (e.labels() != null) {
            write(labels, () -> Npy.write(labels, e.labels(), e.rows()));
            System.out.printf("wrote %s: %d labels%n", labels, e.rows());
        } else {
            try {
                if (Files.deleteIfExists(labels)) {
                    System.out.printf("removed %s: an earlier embedding's labels; these features have none%n", labels);
                }
            } catch (IOException x) {
                throw new InputException("--out " + out + ": cannot remove the earlier labels file " + labels + " ("
                        + AtomicFiles.reason(x) + "); these features have no labels", x);
            }
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    private static void write(Path file, Write w) {
        try {
            w.run();
        } catch (IOException x) {
            throw new InputException("--out " + file + ": cannot write (" + AtomicFiles.reason(x) + ")", x);
        }
    }

    static Path labelsPath(Path features) {
        String name = features.getFileName().toString();
        String stem = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return features.resolveSibling(stem + ".labels.npy");
    }
}
