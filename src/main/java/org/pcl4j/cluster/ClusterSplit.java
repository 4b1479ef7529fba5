package org.pcl4j.cluster;

import java.util.SplittableRandom;

/**
 * Re-seeding of empty clusters, as faiss does it (ALGORITHM.md §2.2: "no cluster may end empty").
 *
 * <p>For each empty cluster, a cluster to split is drawn with probability proportional to
 * (size − 1) / (N − K), walking over the clusters cyclically; the empty centroid becomes a copy of
 * it, and the pair is pushed apart by a symmetric relative perturbation ±{@link #EPS} (alternating
 * sign by coordinate), so that the next assignment step shares the big cluster's points between
 * them. The counts are split evenly so that a later empty cluster does not pick the same one again
 * with the old probability. Runs on the host: it touches K·d floats only when a cluster is empty.
 */
final class ClusterSplit {
    /** faiss' relative perturbation, 1/1024. */
    static final float EPS = 1f / 1024;

    private ClusterSplit() {}

    /**
     * Re-seeds every empty cluster in place.
     *
     * @param centroids k×d row-major, modified in place
     * @param sizes members per cluster, modified in place (split counts)
     * @param n points the sizes were counted on
     * @return number of clusters re-seeded
     */
    static int reseedEmpty(float[] centroids, long[] sizes, int d, long n, SplittableRandom rng) {
        int k = sizes.length;
        int reseeds = 0;
        for (int empty = 0; empty < k; empty++) {
            if (sizes[empty] != 0) {
                continue;
            }
            int big = 0;
            while (true) {
                // (size−1)/(N−K): a singleton is never split; with N == K the division gives +∞ for
                // any cluster of two or more (always taken) and NaN for singletons (never taken).
                double p = (sizes[big] - 1.0) / (n - k);
                if (rng.nextDouble() < p) {
                    break;
                }
                big = (big + 1) % k;
            }
            System.arraycopy(centroids, big * d, centroids, empty * d, d);
            for (int j = 0; j < d; j++) {
                float sign = j % 2 == 0 ? 1f : -1f;
                centroids[empty * d + j] *= 1 + sign * EPS;
                centroids[big * d + j] *= 1 - sign * EPS;
            }
            sizes[empty] = sizes[big] / 2;
            sizes[big] -= sizes[empty];
            reseeds++;
        }
        return reseeds;
    }
}
