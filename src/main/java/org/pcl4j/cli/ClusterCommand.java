package org.pcl4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pcl4j.InputException;
import org.pcl4j.cluster.Concentration;
import org.pcl4j.cluster.Granularities;
import org.pcl4j.cluster.KMeansConfig;
import org.pcl4j.cluster.KMeansResult;
import org.pcl4j.data.Npy;
import org.pcl4j.train.Preset;
import org.pcl4j.train.TrainConfig;
import org.pcl4j.model.Devices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import org.pcl4j.tensor.Tensors;

/**
 * {@code pcl4j cluster}: the E-step clustering (ALGORITHM.md §2.2–2.3) of features produced by any tool.
 * For each K it writes {@code centroids_k<K>.npy} (K×d float32, raw), {@code assignments_k<K>.npy}
 * (N int32), {@code distances_k<K>.npy} (N float32, squared) and {@code concentration_k<K>.npy}
 * (K float32, φ) into {@code --out}, and prints the objective and the time.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "k-means (ALGORITHM.md §2.2) and concentration φ (ALGORITHM.md §2.3) of an N×d float32 .npy feature file.")
public final class ClusterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--features", required = true, paramLabel = "FILE.npy", description = "N×d float32 (or float64) features.")
    Path features;

    @Option(names = "--k", required = true, split = ",", paramLabel = "K", description = "Numbers of clusters, e.g. 100,1000.")
    int[] ks;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--iterations", description = "Lloyd iterations (default: ${DEFAULT-VALUE}).")
    int iterations = KMeansConfig.DEFAULT_ITERATIONS;

    @Option(names = "--restarts", description = "Restarts, best objective kept (default: ${DEFAULT-VALUE}).")
    int restarts = KMeansConfig.DEFAULT_RESTARTS;

    @Option(names = "--max-points-per-centroid", description = "Training subsample per centroid (default: ${DEFAULT-VALUE}).")
    int maxPointsPerCentroid = KMeansConfig.DEFAULT_MAX_POINTS_PER_CENTROID;

    @Option(names = "--seed", description = "Seed; each K gets its own seed derived from it, as in the E-step (default: ${DEFAULT-VALUE}).")
    long seed = TrainConfig.Builder.DEFAULT_SEED;

    @Option(names = "--temperature", description = "τ: mean of the concentration φ (default: ${DEFAULT-VALUE}).")
    float temperature = Preset.PCL_V2.temperature();

    @Option(names = "--block-rows", description = "Rows per distance tile; 0 = by device: "
            + KMeansConfig.DEFAULT_BLOCK_ROWS + " on a CPU, " + KMeansConfig.DEFAULT_GPU_BLOCK_ROWS
            + " on a GPU (default: ${DEFAULT-VALUE}).")
    int blockRows = KMeansConfig.AUTO_BLOCK_ROWS;

    @Option(names = "--block-centroids", description = "Centroids per distance tile (default: ${DEFAULT-VALUE}).")
    int blockCentroids = KMeansConfig.DEFAULT_BLOCK_CENTROIDS;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        device.select();
        Concentration.checkTemperature(temperature); // before the features are read and clustered (minutes on large files)
        Npy.FloatArray x = Npy.readFloats(features);
        if (x.shape().length != 2) {
            throw new InputException("--features " + features + ": expected a 2-D N×d float array, found shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int k : ks) {
            if (k < 1 || k > x.rows()) {
                throw new InputException("--k " + k + ": expected 1 <= K <= N = " + x.rows() + " (rows of " + features + ")");
            }
            if (!seen.add(k)) { // the second clustering's files replaced the first's
                throw new InputException("--k " + java.util.Arrays.stream(ks).mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining(","))
                        + ": K " + k + " given twice; expected each number of clusters once");
            }
        }
        String nonFinite = org.pcl4j.tensor.Rows.nonFinite(x.data(), x.cols());
        if (nonFinite != null) { // as eval says it, rather than k-means' "rows 0..N-1" after the copy to the device
            throw new InputException("--features " + features + ": " + nonFinite);
        }
        // --out before the clustering (minutes at large N and K), not when the first K's files are written
        if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            throw new InputException("--out " + out + ": is a file; expected a folder for the results");
        }
        org.pcl4j.data.AtomicFiles.requireWritable(out.resolve("centroids_k" + ks[0] + ".npy"), "--out");
        KMeansConfig base = new KMeansConfig(ks[0], iterations, restarts, seed, maxPointsPerCentroid, blockRows, blockCentroids);
        PrintWriter stdout = spec.commandLine().getOut();
        try (NDManager manager = Devices.newManager()) {
            NDArray points = Tensors.of(manager, x.data(), new Shape(x.rows(), x.cols()));
            stdout.printf(Locale.ROOT, "features: N=%d d=%d on %s%n", x.rows(), x.cols(), points.getDevice());
            Granularities.cluster(points, ks, base, temperature, level -> {
                KMeansResult r = level.clustering();
                write(r, level.concentration());
                stdout.printf(Locale.ROOT, "k=%d objective=%.6g seconds=%.2f reseeds=%d%n", r.k(), r.objective(), level.seconds(), r.reseeds());
                stdout.flush();
            });
        }
        return 0;
    }

    private void write(KMeansResult r, float[] phi) {
        String suffix = "_k" + r.k() + ".npy";
        try {
            Npy.write(out.resolve("centroids" + suffix), r.centroids(), r.k(), r.dim());
            Npy.write(out.resolve("assignments" + suffix), r.assignments(), r.n());
            Npy.write(out.resolve("distances" + suffix), r.squaredDistances(), r.n());
            Npy.write(out.resolve("concentration" + suffix), phi, r.k());
        } catch (IOException e) {
            throw new InputException("--out " + out + ": cannot write the results (" + e.getMessage() + ")", e);
        }
    }
}
