package org.pcl4j.cluster;

import ai.djl.Device;
import org.pcl4j.SettingException;
import org.pcl4j.Seeds;

/**
 * Settings of one k-means clustering (ALGORITHM.md §2.2). Defaults live here and nowhere else.
 *
 * @param k number of clusters (a granularity k_m of ALGORITHM.md §2.2)
 * @param iterations Lloyd iterations per restart (ALGORITHM.md §2.2: 20)
 * @param restarts independent restarts ({@code nredo}); the lowest final objective is kept (ALGORITHM.md §2.2: 5)
 * @param seed seed of the subsample and of the initialisations; the same seed gives the same result
 * @param maxPointsPerCentroid training uses a random subsample of at most {@code maxPointsPerCentroid·k}
 *     points (ALGORITHM.md §2.2: 1000); all N points are assigned afterwards
 * @param blockRows rows of the N×K distance matrix computed at a time, or {@link #AUTO_BLOCK_ROWS} to
 *     choose by the device the features live on ({@link #blockRowsOn})
 * @param blockCentroids centroids (columns) of the distance matrix computed at a time; with
 *     {@code blockRows} this bounds the largest temporary to {@code blockRows × blockCentroids} floats,
 *     whatever N and K are
 */
public record KMeansConfig(int k, int iterations, int restarts, long seed, int maxPointsPerCentroid, int blockRows,
        int blockCentroids) {
    /** Spec §2.2: 20 Lloyd iterations. */
    public static final int DEFAULT_ITERATIONS = 20;
    /**
     * At most this many Lloyd iterations: there is no early stop, and each iteration's objective is kept (one
     * double each), so an absurd count (a typo such as 2147483647) would fail with an OutOfMemoryError after the
     * first epoch instead of one line at the start. A hundred thousand is already 5,000 times the default.
     */
    public static final int MAX_ITERATIONS = 100_000;
    /** Spec §2.2: {@code nredo} = 5 restarts, best objective kept. */
    public static final int DEFAULT_RESTARTS = 5;
    /** Spec §2.2: at most 1000 training points per centroid (faiss' {@code max_points_per_centroid}). */
    public static final int DEFAULT_MAX_POINTS_PER_CENTROID = 1000;
    /**
     * Distance tile of 4096 rows × 8192 centroids = 128 MB of float32 (a few such temporaries live
     * at once): large enough that each matrix product amortises the per-call overhead of the engine,
     * small enough for N = 1.28M, K = 100,000 to run in well under 1 GB on top of the features.
     */
    public static final int DEFAULT_BLOCK_ROWS = 4096;
    /** See {@link #DEFAULT_BLOCK_ROWS}. */
    public static final int DEFAULT_BLOCK_CENTROIDS = 8192;
    /**
     * Rows per tile when the features are on a GPU: 32,768 × 8,192 floats = 1 GiB per temporary. A GPU
     * runs a 4,096-row tile's products so fast that the launches and the running arg-min around them
     * dominate; on an H200 the larger tile took N = 1.28M, K = 25,000 from 10.9 s to 9.0 s
     * (docs/BENCHMARKS.md, "E-step k-means on synthetic 128-d features"), and a few GiB of temporaries
     * fit any GPU that trains the encoders. On a CPU the larger tile buys nothing and costs RAM.
     */
    public static final int DEFAULT_GPU_BLOCK_ROWS = 32_768;
    /** {@code blockRows} value meaning: {@link #DEFAULT_GPU_BLOCK_ROWS} on a GPU, {@link #DEFAULT_BLOCK_ROWS} elsewhere. */
    public static final int AUTO_BLOCK_ROWS = 0;

    public KMeansConfig {
        require(k >= 1, "k", "k-means {k} (number of clusters) must be >= 1, got " + k);
        check(iterations, restarts, maxPointsPerCentroid, "iterations", "restarts", "maxPointsPerCentroid");
        require(blockRows >= 1 || blockRows == AUTO_BLOCK_ROWS, "blockRows",
                "k-means {blockRows} must be >= 1, or " + AUTO_BLOCK_ROWS + " to choose by device, got " + blockRows);
        require(blockCentroids >= 1, "blockCentroids", "k-means {blockCentroids} must be >= 1, got " + blockCentroids);
    }

    /** The six-setting form; the centroid block takes its default. */
    public KMeansConfig(int k, int iterations, int restarts, long seed, int maxPointsPerCentroid, int blockRows) {
        this(k, iterations, restarts, seed, maxPointsPerCentroid, blockRows, DEFAULT_BLOCK_CENTROIDS);
    }

    /** Spec §2.2 defaults for {@code k} clusters; the tile rows follow the device ({@link #AUTO_BLOCK_ROWS}). */
    public static KMeansConfig of(int k, long seed) {
        return new KMeansConfig(k, DEFAULT_ITERATIONS, DEFAULT_RESTARTS, seed, DEFAULT_MAX_POINTS_PER_CENTROID,
                AUTO_BLOCK_ROWS, DEFAULT_BLOCK_CENTROIDS);
    }

    /**
     * The rows per distance tile for features on {@code device}: {@code blockRows} when set, otherwise
     * {@link #DEFAULT_GPU_BLOCK_ROWS} on a GPU and {@link #DEFAULT_BLOCK_ROWS} elsewhere. The tile size never
     * changes the result on a CPU ({@code KMeansTest.blockedEqualsUnblocked}).
     */
    public int blockRowsOn(Device device) {
        if (blockRows != AUTO_BLOCK_ROWS) {
            return blockRows;
        }
        return device.isGpu() ? DEFAULT_GPU_BLOCK_ROWS : DEFAULT_BLOCK_ROWS;
    }

    public KMeansConfig withK(int newK) {
        return new KMeansConfig(newK, iterations, restarts, seed, maxPointsPerCentroid, blockRows, blockCentroids);
    }

    public KMeansConfig withSeed(long newSeed) {
        return new KMeansConfig(k, iterations, restarts, newSeed, maxPointsPerCentroid, blockRows, blockCentroids);
    }

    public KMeansConfig withIterations(int newIterations) {
        return new KMeansConfig(k, newIterations, restarts, seed, maxPointsPerCentroid, blockRows, blockCentroids);
    }

    public KMeansConfig withRestarts(int newRestarts) {
        return new KMeansConfig(k, iterations, newRestarts, seed, maxPointsPerCentroid, blockRows, blockCentroids);
    }

    public KMeansConfig withMaxPointsPerCentroid(int newMax) {
        return new KMeansConfig(k, iterations, restarts, seed, newMax, blockRows, blockCentroids);
    }

    /**
     * The settings for granularity {@code m} (0-based) of the E-step: {@code newK} clusters and seed
     * {@link Seeds#mix(long, long) Seeds.mix(seed, m)}, because ALGORITHM.md §2.2 asks for a different seed
     * per granularity. The one seed rule of {@link Granularities#cluster}.
     */
    public KMeansConfig forGranularity(int m, int newK) {
        return withK(newK).withSeed(Seeds.mix(seed, m));
    }

    /** The same clustering computed in distance tiles of {@code rows × centroids}. */
    public KMeansConfig withBlocks(int rows, int centroids) {
        return new KMeansConfig(k, iterations, restarts, seed, maxPointsPerCentroid, rows, centroids);
    }

    /**
     * The checks of the settings that a caller's own config carries under its own names (the trainer's E-step:
     * {@code kmeansIterations}, …), so that it can check them when it starts rather than when it first clusters.
     */
    public static void check(int iterations, int restarts, int maxPointsPerCentroid, String iterationsName, String restartsName,
            String maxPointsName) {
        require(iterations >= 1 && iterations <= MAX_ITERATIONS, iterationsName,
                "k-means {" + iterationsName + "} must be in [1, " + MAX_ITERATIONS + "], got " + iterations);
        require(restarts >= 1, restartsName, "k-means {" + restartsName + "} must be >= 1, got " + restarts);
        require(maxPointsPerCentroid >= 1, maxPointsName, "k-means {" + maxPointsName + "} must be >= 1, got " + maxPointsPerCentroid);
    }

    /** A bad setting names itself ({@link SettingException}): the CLI shows its flag ({@code --iterations} of {@code cluster}). */
    private static void require(boolean ok, String setting, String template) {
        if (!ok) {
            throw new SettingException(setting, template);
        }
    }
}
