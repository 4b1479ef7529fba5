package org.pcl4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import org.pcl4j.InputException;
import org.pcl4j.eval.CheckpointFeatures;
import org.pcl4j.train.Checkpoint;
import org.pcl4j.data.AtomicFiles;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.Image;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;
import org.pcl4j.data.Npy;
import org.pcl4j.eval.Charts;
import org.pcl4j.eval.ClusterGrid;
import org.pcl4j.eval.LabelledFeatures;
import org.pcl4j.eval.MetricsLog;
import org.pcl4j.eval.Sampling;
import org.pcl4j.eval.Tsne;
import org.pcl4j.eval.TsneConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pcl4j plot tsne|curves|clusters}: the pictures of ALGORITHM.md §7 as PNG files. */
@Command(name = "plot", mixinStandardHelpOptions = true, description = "Draw PNG pictures of features, clusters and training curves.",
        subcommands = {PlotCommand.TsneCommand.class, PlotCommand.CurvesCommand.class, PlotCommand.ClustersCommand.class})
public final class PlotCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a sub-command: the usage on stderr and exit 2, as {@code pcl4j} alone. */
    @Override
    public Integer call() {
        return Pcl4j.missingSubcommand(spec);
    }

    abstract static class Picture implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "PNG file to write.")
        Path out;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        abstract void draw();

        @Override
        public Integer call() {
            long start = System.nanoTime();
            String name = out.getFileName() == null ? "" : out.getFileName().toString();
            int dot = name.lastIndexOf('.');
            if (dot > 0 && !name.substring(dot).equalsIgnoreCase(".png")) {
                // x.jpg got PNG bytes, which some viewers and uploaders refuse or misread
                throw new InputException("--out " + out + ": pictures are written as PNG; expected a name ending in .png");
            }
            AtomicFiles.requireWritable(out, "--out"); // before the work, not after it
            try {
                draw();
            } catch (OutOfMemoryError e) {
                // One large allocation (the picture, t-SNE's points) that the heap cannot hold; it is garbage
                // now, and the file at --out is untouched (pictures are written through AtomicFiles).
                // (It may also come from reading a checkpoint's features, so the line blames no flag; --out is only kept.)
                throw new InputException("out of Java heap while making " + out + " (kept as it was); choose a smaller picture"
                        + " (or fewer points) or give Java more heap (PCL4J_JAVA_OPTS=-Xmx4g)", e);
            }
            spec.commandLine().getOut().printf("wrote %s (%.1f s)%n", out, (System.nanoTime() - start) / 1e9);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** Largest side of a picture in pixels: pictures are drawn into one image in memory, 4 bytes a pixel. */
    static final int MAX_SIDE = 20_000;
    /** Largest picture in pixels (200 MB of image in memory). */
    static final long MAX_PIXELS = 50_000_000L;

    static void positive(int value, String flag) {
        if (value < 1) {
            throw new InputException(flag + ": expected a positive number, got " + value);
        }
    }

    /** A picture of {@code width} x {@code height} pixels set by these flags: each side 1..MAX_SIDE, at most MAX_PIXELS in all. */
    static void pictureSize(long width, long height, String widthFlags, String heightFlags) {
        if (width > MAX_SIDE) {
            throw new InputException(widthFlags + ": the picture would be " + width + " pixels wide; expected at most " + MAX_SIDE);
        }
        if (height > MAX_SIDE) {
            throw new InputException(heightFlags + ": the picture would be " + height + " pixels high; expected at most " + MAX_SIDE);
        }
        if (width * height > MAX_PIXELS) {
            throw new InputException(widthFlags + " and " + heightFlags + ": the picture would be " + width + " x " + height + " = "
                    + width * height + " pixels; expected at most " + MAX_PIXELS);
        }
    }

    @Command(name = "tsne", mixinStandardHelpOptions = true,
            description = "2-D Barnes-Hut t-SNE of (up to --max-points random) features, coloured by label, with a legend.")
    static final class TsneCommand extends Picture {
        @Option(names = "--features", paramLabel = "FEATURES.npy", description = "Features, float (N, d).")
        Path features;

        @Option(names = "--labels", paramLabel = "LABELS.npy", description = "Labels, int (N,).")
        Path labels;

        /** Instead of --features/--labels: backbone features of --data's --split from a trained encoder. */
        @Mixin
        SharedOptions.CheckpointPath checkpoint = new SharedOptions.CheckpointPath();

        @Mixin
        SharedOptions.Data data = new SharedOptions.Data();

        /** Not {@link SharedOptions.SplitOption}: pictures of features show the test split by default. */
        @Option(names = "--split", defaultValue = "test", description = "With --checkpoint: train | test (default ${DEFAULT-VALUE}).")
        String split;

        @Option(names = "--class-names", split = ",", paramLabel = "NAME,NAME,...", description = "Legend names in label order.")
        List<String> classNames = List.of();

        @Option(names = "--max-points", defaultValue = "10000", description = "Random subset size (default ${DEFAULT-VALUE}).")
        int maxPoints;

        @Option(names = "--perplexity", defaultValue = "" + TsneConfig.DEFAULT_PERPLEXITY, description = "Default ${DEFAULT-VALUE}.")
        double perplexity;

        @Option(names = "--iterations", defaultValue = "" + TsneConfig.DEFAULT_ITERATIONS, description = "Default ${DEFAULT-VALUE}.")
        int iterations;

        @Option(names = "--seed", defaultValue = "0", description = "Seeds the subset and the layout (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--embedding-out", paramLabel = "FILE.npy", description = "Also save the 2-D coordinates and their labels (FILE, and FILE.labels.npy as embed names them).")
        Path embeddingOut;

        @Option(names = "--width", defaultValue = "1100") int width;
        @Option(names = "--height", defaultValue = "900") int height;

        @Override
        void draw() {
            positive(maxPoints, "--max-points");
            positive(iterations, "--iterations");
            positive(width, "--width");
            positive(height, "--height");
            pictureSize(width, height, "--width", "--height");
            if (embeddingOut != null) {
                AtomicFiles.requireWritable(embeddingOut, "--embedding-out");
            }
            LabelledFeatures f;
            if (checkpoint.given()) {
                Checkpoint ckpt = checkpoint.load();
                CheckpointFeatures.Embedding e = CheckpointFeatures.embed(ckpt, CheckpointFeatures.dataSpec(ckpt, data.spec),
                        Split.parse(split), false);
                f = e.labelled("{data}");
                if (classNames.isEmpty()) {
                    classNames = e.classNames();
                }
            } else {
                EvalCommand.Features.require(features, "--features");
                EvalCommand.Features.require(labels, "--labels");
                f = LabelledFeatures.read(features, "features", labels, "labels");
            }
            if (f.rows() > maxPoints) {
                f = f.subset(Sampling.subset(f.rows(), maxPoints, seed));
            }
            TsneConfig config;
            try {
                config = TsneConfig.defaults().withPerplexity(perplexity).withIterations(iterations).withSeed(seed);
            } catch (IllegalArgumentException e) {
                throw new InputException("--perplexity: " + e.getMessage(), e);
            }
            float[] xy = Tsne.embed(f.features(), f.rows(), f.dim(), config);
            if (embeddingOut != null) {
                try {
                    Npy.write(embeddingOut, xy, f.rows(), 2);
                    // named as embed names its labels (FILE.labels.npy), so eval and plot read both the same way
                    Npy.write(EmbedCommand.labelsPath(embeddingOut), f.labels(), f.rows());
                } catch (java.io.IOException e) {
                    throw new InputException("--embedding-out " + embeddingOut + ": cannot write (" + e.getMessage() + ")", e);
                }
            }
            Charts.scatter(xy, f.labels(), classNames, "t-SNE of " + f.rows() + " features (" + (checkpoint.given() ? checkpoint.path.getFileName() : features.getFileName()) + ")", out, width, height);
        }
    }

    @Command(name = "curves", mixinStandardHelpOptions = true,
            description = "Loss, accuracies and kNN top-1 per epoch from a run's metrics.jsonl.")
    static final class CurvesCommand extends Picture {
        @Option(names = "--metrics", required = true, paramLabel = "FILE|RUN_DIR", description = "metrics.jsonl, or the run folder holding it.")
        Path metrics;

        @Option(names = "--width", defaultValue = "900") int width;
        @Option(names = "--height", defaultValue = "1000") int height;

        @Override
        void draw() {
            positive(width, "--width");
            positive(height, "--height");
            pictureSize(width, height, "--width", "--height");
            Path file = Files.isDirectory(metrics) ? metrics.resolve("metrics.jsonl") : metrics;
            if (!Files.isRegularFile(file)) {
                throw new InputException("--metrics " + file + ": no such file (expected metrics.jsonl)");
            }
            Charts.curves(MetricsLog.read(file), "Training curves (" + file.toAbsolutePath().getParent().getFileName() + ")", out, width, height);
        }
    }

    @Command(name = "clusters", mixinStandardHelpOptions = true,
            description = "A grid of random images from random clusters (the paper's qualitative figure).")
    static final class ClustersCommand extends Picture {
        @Option(names = "--assignments", required = true, paramLabel = "FILE.npy", description = "Cluster of every image, int (N,).")
        Path assignments;

        @Mixin
        SharedOptions.DataOnly data = new SharedOptions.DataOnly();

        /** The split of --data that the assignments index. */
        @Mixin
        SharedOptions.SplitOption split = new SharedOptions.SplitOption();

        @Option(names = "--images", paramLabel = "IMAGES.npy",
                description = "Instead of --data: the images as integers 0..255 (uint8, or int32/int64), shape (N, H, W) or (N, H, W, 3),"
                        + " in the order of --assignments.")
        Path images;

        @Option(names = "--clusters", defaultValue = "8", description = "Rows: random clusters shown (default ${DEFAULT-VALUE}).")
        int clusters;

        @Option(names = "--per-cluster", defaultValue = "10", description = "Images per row (default ${DEFAULT-VALUE}).")
        int perCluster;

        @Option(names = "--cell", defaultValue = "56", description = "Side of each image in pixels (default ${DEFAULT-VALUE}).")
        int cell;

        @Option(names = "--seed", defaultValue = "0") long seed;

        @Override
        void draw() {
            positive(clusters, "--clusters");
            positive(perCluster, "--per-cluster");
            positive(cell, "--cell");
            pictureSize(ClusterGrid.width(perCluster, cell), ClusterGrid.height(clusters, cell), "--per-cluster/--cell", "--clusters/--cell");
            int[] a = Npy.readInts(assignments).data();
            for (int i = 0; i < a.length; i++) {
                if (a[i] < 0) {
                    throw new InputException("--assignments " + assignments + ": expected cluster numbers >= 0, found " + a[i] + " at index " + i);
                }
            }
            IntFunction<Image> loader;
            if ((data.spec == null) == (images == null)) {
                throw new InputException("--data or --images: give exactly one source of the images");
            } else if (data.spec != null) {
                Split which = split.parse();
                ImageSource source = DataSpec.parse(data.spec).open(which, SourceOptions.defaults());
                if (source.size() != a.length) {
                    throw new InputException("--assignments " + assignments + ": expected " + source.size()
                            + " values (one per image of " + source.description() + "), got " + a.length);
                }
                loader = source::image;
            } else {
                loader = npyImages(images, a.length);
            }
            render(a, loader, clusters, perCluster, cell, seed, out);
        }
    }

    /** The drawing shared by every image source: pick rows, load their images, render, write. */
    static void render(int[] assignments, IntFunction<Image> loader, int clusters, int perCluster, int cell, long seed, Path out) {
        List<ClusterGrid.Row> rows = ClusterGrid.pick(assignments, clusters, perCluster, seed);
        List<List<Image>> pictures = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ClusterGrid.Row r : rows) {
            pictures.add(Arrays.stream(r.indices()).mapToObj(loader).toList());
            names.add("cluster " + r.cluster() + "\n" + r.clusterSize() + " images");
        }
        ClusterGrid.writePng(ClusterGrid.render(pictures, names, cell), out);
    }

    /** Images from a uint8 .npy of shape (N, H, W) or (N, H, W, C). */
    static IntFunction<Image> npyImages(Path file, int expected) {
        Npy.IntArray arr = Npy.readInts(file);
        long[] s = arr.shape();
        if ((s.length != 3 && s.length != 4) || s[0] != expected || (s.length == 4 && s[3] != 1 && s[3] != 3)) {
            throw new InputException("--images " + file + ": expected 0..255 integers of shape (" + expected + ", H, W) or (" + expected
                    + ", H, W, 3), got shape " + Arrays.toString(s));
        }
        // Any integer dtype is read; a value outside a byte would wrap around ((byte) 1000 = -24) into another grey.
        int[] values = arr.data();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 255) {
                throw new InputException("--images " + file + ": value " + values[i] + " at index " + i + " is outside 0..255 (expected 8-bit pixel values)");
            }
        }
        int h = (int) s[1];
        int w = (int) s[2];
        int c = s.length == 4 ? (int) s[3] : 1;
        int size = h * w * c;
        return i -> {
            byte[] px = new byte[size];
            for (int j = 0; j < size; j++) {
                px[j] = (byte) arr.data()[i * size + j];
            }
            return new Image(px, c, h, w);
        };
    }
}
