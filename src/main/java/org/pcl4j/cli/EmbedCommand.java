package org.pcl4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pcl4j.InputException;
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
    public Integer call() throws Exception {
        device.select();
        Split s = split.parse();
        Checkpoint ckpt = checkpoint.load();
        DataSpec spec = ckpt.dataSpec(data.spec);
        if (!spec.hasSplit(s)) {
            throw new InputException("--split " + split.name + ": " + spec.kind() + ":" + spec.dir() + " has no " + split.name + " split");
        }
        CheckpointFeatures.Embedding e = CheckpointFeatures.embed(ckpt, spec, s, head);
        Npy.write(out, e.features(), e.rows(), e.dim());
        System.out.printf("wrote %s: %d x %d %s features%n", out, e.rows(), e.dim(), head ? "projection" : "backbone");
        if (e.labels() != null) {
            Path labels = labelsPath(out);
            Npy.write(labels, e.labels(), e.rows());
            System.out.printf("wrote %s: %d labels%n", labels, e.rows());
        }
        return 0;
    }

    static Path labelsPath(Path features) {
        String name = features.getFileName().toString();
        String stem = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return features.resolveSibling(stem + ".labels.npy");
    }
}
