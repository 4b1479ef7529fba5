package org.pcl4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pcl4j.InputException;

class KMeansTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** {@code perBlob} points around each of {@code blobs} centres 10 apart, noise σ; labels in out[n·d]. */
    static float[] blobs(int blobs, int perBlob, int d, double sigma, long seed, int[] labels) {
        Random rng = new Random(seed);
        float[] x = new float[blobs * perBlob * d];
        for (int i = 0; i < blobs * perBlob; i++) {
            int b = i % blobs;
            labels[i] = b;
            for (int j = 0; j < d; j++) {
                double centre = (j == b % d ? 10.0 : 0.0) * (b < d ? 1 : -1);
                x[i * d + j] = (float) (centre + sigma * rng.nextGaussian());
            }
        }
        return x;
    }

    static float[] gaussian(int n, int d, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    @Test
    void recoversWellSeparatedBlobs() {
        int[] labels = new int[6 * 40];
        float[] x = blobs(6, 40, 4, 0.3, 1, labels);

        KMeansResult r = KMeans.fit(x, 240, 4, KMeansConfig.of(6, 7), manager);

        // Agreement 1.0 up to a permutation: label → cluster is a function and is injective.
        Map<Integer, Integer> clusterOf = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            Integer previous = clusterOf.putIfAbsent(labels[i], r.assignments()[i]);
            assertThat(previous == null ? r.assignments()[i] : previous).isEqualTo(r.assignments()[i]);
        }
        assertThat(new HashSet<>(clusterOf.values())).hasSize(6);
        assertThat(r.sizes()).containsOnly(40);
        assertThat(r.reseeds()).isZero();
    }

    @Test
    void objectiveNeverIncreasesAndResultIsConsistent() {
        int n = 600;
        int d = 5;
        float[] x = gaussian(n, d, 3);
        KMeansResult r = KMeans.fit(x, n, d, KMeansConfig.of(12, 11).withRestarts(1), manager);

        double[] h = r.objectiveHistory();
        assertThat(h).hasSize(KMeansConfig.DEFAULT_ITERATIONS);
        for (int i = 1; i < h.length; i++) {
            assertThat(h[i]).as("iteration %d", i).isLessThanOrEqualTo(h[i - 1] * (1 + 1e-6));
        }
        assertThat(h[h.length - 1]).isLessThan(h[0] * 0.9); // it actually optimised

        // Every point is assigned to its nearest centroid, with that squared distance (brute force).
        int[] sizes = new int[12];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.MAX_VALUE;
            for (int c = 0; c < 12; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double diff = x[i * d + j] - r.centroids()[c * d + j];
                    s += diff * diff;
                }
                best = Math.min(best, s);
            }
            int a = r.assignments()[i];
            double own = 0;
            for (int j = 0; j < d; j++) {
                double diff = x[i * d + j] - r.centroids()[a * d + j];
                own += diff * diff;
            }
            assertThat(own).isLessThanOrEqualTo(best + 1e-4);
            assertThat((double) r.squaredDistances()[i]).isCloseTo(own, org.assertj.core.api.Assertions.within(1e-3));
            sizes[a]++;
            total += own;
        }
        assertThat(r.sizes()).containsExactly(sizes);
        // The last recorded objective is of the centroids before the last update: the final one is lower.
        assertThat(total).isLessThanOrEqualTo(r.objective() * (1 + 1e-6));
    }

    @Test
    void emptyClusterIsReseededBySplittingAndCounted() {
        int[] labels = new int[2 * 50];
        float[] x = blobs(2, 50, 3, 0.5, 5, labels);
        // Two identical initial centroids: the second loses every tie, so its cluster is empty.
        float[] init = {10, 0, 0, 10, 0, 0, 0, 10, 0};
        try (NDManager m = manager.newSubManager()) {
            NDArray features = m.create(x, new Shape(100, 3));
            KMeansResult r = KMeans.fitFrom(features, init, KMeansConfig.of(3, 1).withRestarts(1));

            assertThat(r.reseeds()).isGreaterThan(0);
            assertThat(r.sizes()).doesNotContain(0);
            assertThat(r.sizes()[0] + r.sizes()[1] + r.sizes()[2]).isEqualTo(100);
        }
    }

    @Test
    void blockedEqualsUnblocked() {
        int n = 300;
        int d = 6;
        float[] x = gaussian(n, d, 9);
        KMeansConfig whole = KMeansConfig.of(9, 4).withRestarts(1).withIterations(8).withBlocks(100_000, 100_000);
        // 7 tiles of rows (the last one partial) × 3 tiles of centroids (the last one partial).
        KMeansConfig tiny = whole.withBlocks(47, 4);

        KMeansResult a = KMeans.fit(x, n, d, whole, manager);
        KMeansResult b = KMeans.fit(x, n, d, tiny, manager);

        assertThat(b.assignments()).containsExactly(a.assignments());
        assertThat(b.centroids()).containsExactly(a.centroids());
        assertThat(b.squaredDistances()).containsExactly(a.squaredDistances());
        assertThat(b.objectiveHistory()).containsExactly(a.objectiveHistory());
    }

    @Test
    @Timeout(60) // a tile of 0 rows would never advance
    void tileRowsFollowTheDeviceUnlessSet() {
        KMeansConfig auto = KMeansConfig.of(4, 0);
        assertThat(auto.blockRows()).isEqualTo(KMeansConfig.AUTO_BLOCK_ROWS);
        assertThat(auto.blockRowsOn(Device.cpu())).isEqualTo(KMeansConfig.DEFAULT_BLOCK_ROWS);
        assertThat(auto.blockRowsOn(Device.gpu(1))).isEqualTo(KMeansConfig.DEFAULT_GPU_BLOCK_ROWS);
        KMeansConfig set = auto.withBlocks(123, 45);
        assertThat(set.blockRowsOn(Device.cpu())).isEqualTo(123);
        assertThat(set.blockRowsOn(Device.gpu())).isEqualTo(123);
        assertThatThrownBy(() -> auto.withBlocks(-1, 45)).isInstanceOf(InputException.class)
                .hasMessageContaining("blockRows").hasMessageContaining("-1");

        // On the CPU the automatic tile is the CPU default: same clustering, to the bit, over more
        // points than one tile holds.
        int n = KMeansConfig.DEFAULT_BLOCK_ROWS + 500;
        float[] x = gaussian(n, 3, 5);
        KMeansConfig cfg = auto.withRestarts(1).withIterations(3);
        KMeansResult a = KMeans.fit(x, n, 3, cfg, manager);
        KMeansResult b = KMeans.fit(x, n, 3, cfg.withBlocks(KMeansConfig.DEFAULT_BLOCK_ROWS, cfg.blockCentroids()), manager);
        assertThat(a.assignments()).containsExactly(b.assignments());
        assertThat(a.objectiveHistory()).containsExactly(b.objectiveHistory());
    }

    @Test
    void sameSeedSameResultAndSubsampleAssignsEveryPoint() {
        int n = 3000;
        int d = 4;
        float[] x = gaussian(n, d, 2);
        // 5 clusters × 100 points per centroid: trains on 500 of the 3000 points.
        KMeansConfig cfg = KMeansConfig.of(5, 42).withMaxPointsPerCentroid(100).withRestarts(3);

        KMeansResult a = KMeans.fit(x, n, d, cfg, manager);
        KMeansResult b = KMeans.fit(x, n, d, cfg, manager);

        assertThat(b.centroids()).containsExactly(a.centroids());
        assertThat(b.assignments()).containsExactly(a.assignments());
        assertThat(b.objectiveHistory()).containsExactly(a.objectiveHistory());
        assertThat(a.assignments()).hasSize(n);
        assertThat(java.util.Arrays.stream(a.sizes()).sum()).isEqualTo(n);
        // The objective is over the 500 training points, so far below the sum over all 3000.
        double all = 0;
        for (float s : a.squaredDistances()) {
            all += s;
        }
        assertThat(a.objective()).isLessThan(all * 0.3);
    }

    @Test
    void rejectsBadInput() {
        float[] x = gaussian(10, 2, 1);
        assertThatThrownBy(() -> KMeans.fit(x, 10, 2, KMeansConfig.of(11, 0), manager))
                .isInstanceOf(InputException.class).hasMessageContaining("k=11").hasMessageContaining("N=10");
        assertThatThrownBy(() -> KMeans.fit(new float[0], 0, 2, KMeansConfig.of(1, 0), manager))
                .isInstanceOf(InputException.class).hasMessageContaining("no data");
        assertThatThrownBy(() -> KMeans.fit(x, 10, 3, KMeansConfig.of(2, 0), manager))
                .isInstanceOf(InputException.class).hasMessageContaining("d=3");
        float[] nan = x.clone();
        nan[13] = Float.NaN;
        assertThatThrownBy(() -> KMeans.fit(nan, 10, 2, KMeansConfig.of(2, 0), manager))
                .isInstanceOf(InputException.class).hasMessageContaining("NaN");
        float[] inf = x.clone();
        inf[0] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> KMeans.fit(inf, 10, 2, KMeansConfig.of(2, 0), manager))
                .isInstanceOf(InputException.class).hasMessageContaining("infinite");
        try (NDManager m = manager.newSubManager()) {
            NDArray vector = m.create(x);
            assertThatThrownBy(() -> KMeans.fit(vector, KMeansConfig.of(2, 0)))
                    .isInstanceOf(InputException.class).hasMessageContaining("N×d");
        }
        assertThatThrownBy(() -> KMeansConfig.of(0, 0)).isInstanceOf(InputException.class);
    }

    @Test
    void splitPerturbsBothCentroidsSymmetricallyAndHalvesTheCount() {
        float[] centroids = {1, 2, 0, 0};
        long[] sizes = {9, 0};
        int reseeds = ClusterSplit.reseedEmpty(centroids, sizes, 2, 9, new java.util.SplittableRandom(0));

        assertThat(reseeds).isEqualTo(1);
        float e = ClusterSplit.EPS;
        assertThat(centroids).containsExactly(1 * (1 - e), 2 * (1 + e), 1 * (1 + e), 2 * (1 - e));
        assertThat(sizes).containsExactly(5, 4);
        Set<Float> distinct = new HashSet<>();
        for (float c : centroids) {
            distinct.add(c);
        }
        assertThat(distinct).hasSize(4);
    }
}
