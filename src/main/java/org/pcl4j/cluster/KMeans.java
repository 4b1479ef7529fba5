package org.pcl4j.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.pcl4j.InputException;
import org.pcl4j.tensor.Tensors;

/**
 * k-means with squared L2 distance (Lloyd's algorithm), the clustering of the E-step (ALGORITHM.md §2.2),
 * usable on its own: features in, a {@link KMeansResult} out.
 *
 * <p>What it does, in faiss' order so that objectives are comparable with faiss:
 * <ol>
 *   <li>Training set: all N points, or a seeded random subsample of {@code maxPointsPerCentroid·K}
 *       of them when N is larger.
 *   <li>For each of {@code restarts} runs: initial centroids = K distinct training points drawn at
 *       random; then {@code iterations} times: assign every training point to its nearest centroid
 *       ({@link NearestCentroid}, blocked matrix products), record the objective (sum of squared
 *       distances), move centroids to the means of their members ({@link CentroidUpdate}), re-seed
 *       empty clusters by splitting a big one ({@link ClusterSplit}).
 *   <li>Keep the run with the lowest final objective and assign all N points to its centroids.
 * </ol>
 *
 * <p><b>Initialisation is random, not k-means++</b>, on purpose: k-means++ needs K sequential passes
 * over the data (O(N·K·d) with K dependent steps: hours for K = 100,000 on 1.28M points), while
 * random initialisation costs O(K·d); with 20 iterations and restarts the final objective is close,
 * and it is what faiss — the reference implementation's clustering — does, so results and objectives
 * can be compared with it directly.
 *
 * <p>All tensor work runs on the device of the given features (CPU or GPU). Memory on top of the
 * features: the training subsample (if N is subsampled), K×d centroids and sums, a few N-vectors, and
 * one {@code blockRows × blockCentroids} distance tile ({@link KMeansConfig#blockRowsOn}: larger on a
 * GPU). Same input and seed → identical result.
 */
public final class KMeans {
    /** faiss' stride between the seeds of successive restarts. */
    private static final long RESTART_SEED_STRIDE = 15_486_557L;

    private KMeans() {}

    /**
     * Clusters the rows of {@code features}.
     *
     * @param features N×d float32, on any device; all computation happens on that device
     * @throws InputException if the array is not N×d float32 with N ≥ 1, if K > N, or if it holds NaN/Inf
     */
    public static KMeansResult fit(NDArray features, KMeansConfig cfg) {
        Shape shape = features.getShape();
        if (shape.dimension() != 2) {
            throw new InputException("k-means features: expected an N×d matrix, got shape " + shape);
        }
        if (features.getDataType() != DataType.FLOAT32) {
            throw new InputException("k-means features: expected float32, got " + features.getDataType());
        }
        long n = shape.get(0);
        int d = Math.toIntExact(shape.get(1));
        if (n == 0 || d == 0) {
            throw new InputException("k-means features: no data (shape " + shape + "); expected N >= 1 points of d >= 1 values");
        }
        if (n > Integer.MAX_VALUE) {
            throw new InputException("k-means features: N=" + n + " points exceeds the supported 2^31-1");
        }
        if (cfg.k() > n) {
            throw new InputException("k-means: k=" + cfg.k() + " clusters but only N=" + n + " points; expected k <= N");
        }
        requireFinite(features, cfg.blockRowsOn(features.getDevice()));

        try (NDManager work = features.getManager().newSubManager()) {
            NDArray train = trainingSet(features, cfg, work);
            Run best = null;
            for (int r = 0; r < cfg.restarts(); r++) {
                SplittableRandom rng = new SplittableRandom(cfg.seed() + 1 + r * RESTART_SEED_STRIDE);
                NDArray initial = rows(train, sample((int) train.getShape().get(0), cfg.k(), rng), work);
                Run run = lloyd(train, initial, cfg, rng, work);
                if (best == null || run.objective() < best.objective()) {
                    if (best != null) {
                        best.centroids().close();
                    }
                    best = run;
                } else {
                    run.centroids().close();
                }
            }
            return assignAll(features, best, cfg);
        }
    }

    /**
     * Clusters {@code n} points of dimension {@code d} given row-major in {@code data}, on the device
     * of {@code manager}.
     *
     * @throws InputException if {@code data.length != n·d}, plus the checks of {@link #fit(NDArray, KMeansConfig)}
     */
    public static KMeansResult fit(float[] data, int n, int d, KMeansConfig cfg, NDManager manager) {
        if (n < 0 || d < 0 || (long) n * d != data.length) {
            throw new InputException("k-means features: " + data.length + " values do not form an N×d matrix with N="
                    + n + ", d=" + d);
        }
        try (NDManager local = manager.newSubManager()) {
            NDArray features = Tensors.of(local, data, new Shape(n, d));
            return fit(features, cfg);
        }
    }

    /** One restart: its final centroids (owned by {@code work}), objective per iteration, re-seeds. */
    private record Run(NDArray centroids, double[] objectiveHistory, int reseeds) {
        double objective() {
            return objectiveHistory[objectiveHistory.length - 1];
        }
    }

    /**
     * Lloyd iterations on all rows of {@code features} from the given initial centroids, then
     * assignment of all rows; no subsampling, one run. For tests that need a crafted start (e.g.
     * two identical centroids, to force an empty cluster).
     */
    static KMeansResult fitFrom(NDArray features, float[] initialCentroids, KMeansConfig cfg) {
        int d = (int) features.getShape().get(1);
        try (NDManager work = features.getManager().newSubManager()) {
            NDArray initial = Tensors.of(work, initialCentroids, new Shape(cfg.k(), d)).toDevice(features.getDevice(), false);
            Run run = lloyd(features, initial, cfg, new SplittableRandom(cfg.seed()), work);
            return assignAll(features, run, cfg);
        }
    }

    /**
     * Lloyd iterations from {@code centroids} (owned by {@code work}; random distinct training points
     * in {@link #fit}, see the class comment for why random); {@code rng} drives the re-seeding.
     */
    private static Run lloyd(NDArray train, NDArray centroids, KMeansConfig cfg, SplittableRandom rng, NDManager work) {
        int k = cfg.k();
        long n = train.getShape().get(0);
        int d = (int) train.getShape().get(1);
        double[] history = new double[cfg.iterations()];
        int reseeds = 0;
        for (int it = 0; it < cfg.iterations(); it++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray next;
                try (NearestCentroid.Assignment a = NearestCentroid.search(train, centroids, cfg);
                        CentroidUpdate.Sums sums = CentroidUpdate.sums(train, a.indices(), k)) {
                    // Summed in float64 over the whole vector: independent of the block sizes.
                    history[it] = a.squaredDistances().toType(DataType.FLOAT64, false).sum().getDouble();
                    next = CentroidUpdate.means(sums);
                    long[] sizes = sums.counts().toLongArray();
                    if (hasEmpty(sizes)) {
                        float[] host = next.toFloatArray();
                        reseeds += ClusterSplit.reseedEmpty(host, sizes, d, n, rng);
                        next.close();
                        next = Tensors.of(work, host, new Shape(k, d)).toDevice(train.getDevice(), false);
                    }
                }
                NDScope.unregister(next);
                next.attach(work);
                centroids.close();
                centroids = next;
            }
        }
        return new Run(centroids, history, reseeds);
    }

    /** Assigns all N points to the kept centroids and copies everything to Java arrays. */
    private static KMeansResult assignAll(NDArray features, Run best, KMeansConfig cfg) {
        try (NearestCentroid.Assignment a = NearestCentroid.search(features, best.centroids(), cfg)) {
            long[] labels = a.indices().toLongArray();
            int[] assignments = new int[labels.length];
            int[] sizes = new int[cfg.k()];
            for (int i = 0; i < labels.length; i++) {
                assignments[i] = (int) labels[i];
                sizes[assignments[i]]++;
            }
            return new KMeansResult(cfg.k(), (int) features.getShape().get(1), best.centroids().toFloatArray(),
                    assignments, a.squaredDistances().toFloatArray(), best.objectiveHistory(), sizes, best.reseeds());
        }
    }

    /** All points, or a seeded random subsample of maxPointsPerCentroid·K of them (ALGORITHM.md §2.2). */
    private static NDArray trainingSet(NDArray features, KMeansConfig cfg, NDManager work) {
        int n = (int) features.getShape().get(0);
        long max = (long) cfg.maxPointsPerCentroid() * cfg.k();
        if (n <= max) {
            return features;
        }
        return rows(features, sample(n, (int) max, new SplittableRandom(cfg.seed())), work);
    }

    /** {@code m} distinct indices out of {@code n}, uniformly (partial Fisher–Yates shuffle). */
    static long[] sample(int n, int m, SplittableRandom rng) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        long[] out = new long[m];
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
            out[i] = perm[i];
        }
        return out;
    }

    private static NDArray rows(NDArray source, long[] indices, NDManager work) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray index = Tensors.of(work, indices, new Shape(indices.length)).toDevice(source.getDevice(), false);
            NDArray picked = source.get(new NDIndex("{}", index));
            NDScope.unregister(picked);
            picked.attach(work);
            return picked;
        }
    }

    private static boolean hasEmpty(long[] sizes) {
        for (long s : sizes) {
            if (s == 0) {
                return true;
            }
        }
        return false;
    }

    /** NaN or ±Inf would silently poison every distance; checked block by block to bound memory. */
    private static void requireFinite(NDArray features, int blockRows) {
        long n = features.getShape().get(0);
        for (long r0 = 0; r0 < n; r0 += blockRows) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray block = features.get(new NDIndex("{}:{}", r0, Math.min(n, r0 + blockRows)));
                if (block.isNaN().logicalOr(block.isInfinite()).any().getBoolean()) {
                    throw new InputException("k-means features: NaN or infinite values in rows " + r0 + ".."
                            + (Math.min(n, r0 + blockRows) - 1) + "; expected finite numbers");
                }
            }
        }
    }
}
