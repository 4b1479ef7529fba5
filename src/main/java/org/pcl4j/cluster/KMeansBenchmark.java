package org.pcl4j.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pcl4j.data.Npy;
import org.pcl4j.tensor.Rows;
import org.pcl4j.tensor.Tensors;
import org.pcl4j.model.Devices;

/**
 * The k-means benchmark behind {@code bench/kmeans}: seconds per k-means run and final objective
 * over a grid of N and K, printed as one JSON object on stdout, with the peak resident memory.
 *
 * <p>Features are read from {@code --features FILE.npy} (the first N rows are used for each N), or
 * generated from {@code --seed}: a mixture of 1000 Gaussian clusters on the unit sphere, L2-normalised
 * like the E-step's features, and written with {@code --write FILE.npy} so that faiss can cluster the
 * very same points.
 *
 * <pre>
 * KMeansBenchmark --n 60000,250000 --d 128 --k 100,1000,10000 [--iterations 20] [--restarts 1]
 *                 [--max-points-per-centroid 1000] [--seed 0] [--features F.npy | --write F.npy]
 *                 [--device cpu|gpu[:N]|auto] [--block-rows 0 (by device)] [--block-centroids 8192]
 * </pre>
 */
public final class KMeansBenchmark {
    private KMeansBenchmark() {}

    public static void main(String[] args) throws IOException {
        int[] ns = ints(arg(args, "--n", "60000,250000"));
        int d = Integer.parseInt(arg(args, "--d", "128"));
        int[] ks = ints(arg(args, "--k", "100,1000,10000"));
        int iterations = Integer.parseInt(arg(args, "--iterations", "20"));
        int restarts = Integer.parseInt(arg(args, "--restarts", "1"));
        int maxPoints = Integer.parseInt(arg(args, "--max-points-per-centroid",
                String.valueOf(KMeansConfig.DEFAULT_MAX_POINTS_PER_CENTROID)));
        long seed = Long.parseLong(arg(args, "--seed", "0"));
        String featuresFile = arg(args, "--features", null);
        String writeFile = arg(args, "--write", null);
        int blockRows = Integer.parseInt(arg(args, "--block-rows", String.valueOf(KMeansConfig.AUTO_BLOCK_ROWS)));
        int blockCentroids = Integer.parseInt(arg(args, "--block-centroids", String.valueOf(KMeansConfig.DEFAULT_BLOCK_CENTROIDS)));
        int maxN = Arrays.stream(ns).max().orElseThrow();
        Devices.select(arg(args, "--device", Devices.DEFAULT));

        float[] all;
        if (featuresFile != null) {
            Npy.FloatArray f = Npy.readFloats(Path.of(featuresFile));
            if (f.shape().length != 2 || f.rows() < maxN) {
                throw new IllegalArgumentException(featuresFile + ": expected at least " + maxN + " rows, shape "
                        + Arrays.toString(f.shape()));
            }
            d = f.cols();
            all = f.data();
        } else {
            all = sphereMixture(maxN, d, 1000, seed);
            if (writeFile != null) {
                Npy.write(Path.of(writeFile), all, maxN, d);
            }
        }

        KMeansConfig base = new KMeansConfig(ks[0], iterations, restarts, seed, maxPoints, blockRows, blockCentroids);
        List<String> runs = new ArrayList<>();
        try (NDManager manager = Devices.newManager()) {
            warmUp(manager, d, seed);
            for (int n : ns) {
                NDArray x = Tensors.of(manager, Arrays.copyOf(all, n * d), new Shape(n, d));
                for (int k : ks) {
                    KMeansConfig cfg = base.withK(k);
                    long start = System.nanoTime();
                    KMeansResult r = KMeans.fit(x, cfg);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    String run = String.format(Locale.ROOT,
                            "{\"n\": %d, \"d\": %d, \"k\": %d, \"seconds\": %.3f, \"objective\": %.6f, \"reseeds\": %d,"
                                    + " \"peak_rss_mb_so_far\": %.1f}",
                            n, d, k, seconds, r.objective(), r.reseeds(), peakRssMb());
                    System.err.println(run);
                    runs.add(run);
                }
                x.close();
            }
            System.out.printf(Locale.ROOT,
                    "{\"engine\": \"pcl4j %s on %s\", \"threads\": %s, \"iterations\": %d, \"restarts\": %d,"
                            + " \"max_points_per_centroid\": %d, \"block_rows\": %d, \"block_centroids\": %d, \"runs\": [%s], \"peak_rss_mb\": %.1f}%n",
                    ai.djl.engine.Engine.getInstance().getEngineName(), manager.getDevice(),
                    System.getProperty("ai.djl.pytorch.num_threads", "\"default\""), iterations, restarts,
                    maxPoints, base.blockRowsOn(manager.getDevice()), blockCentroids, String.join(", ", runs), peakRssMb());
        }
    }

    /**
     * {@code n} unit vectors: {@code clusters} random centres on the sphere plus Gaussian noise of
     * about half their typical separation, renormalised.
     */
    static float[] sphereMixture(int n, int d, int clusters, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] centres = new float[clusters * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) gaussian(rng);
        }
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(clusters);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = centres[c * d + j] + (float) (0.7 * gaussian(rng));
            }
        }
        return Rows.normalize(x, d);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
        return Math.sqrt(-2 * StrictMath.log(1 - rng.nextDouble())) * StrictMath.cos(2 * Math.PI * rng.nextDouble());
    }

    /** VmHWM of /proc/self/status: the peak resident set size of this process, in MB. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * One small untimed fit first, so that the first timed run does not pay for the device's start-up
     * (CUDA context, cuBLAS handles, kernel loading), which no E-step of a training run pays again.
     */
    private static void warmUp(NDManager manager, int d, long seed) {
        int n = 4096;
        try (NDArray x = Tensors.of(manager, sphereMixture(n, d, 16, seed + 1), new Shape(n, d))) {
            KMeans.fit(x, new KMeansConfig(16, 2, 1, seed, KMeansConfig.DEFAULT_MAX_POINTS_PER_CENTROID,
                    KMeansConfig.AUTO_BLOCK_ROWS, KMeansConfig.DEFAULT_BLOCK_CENTROIDS));
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }
}
