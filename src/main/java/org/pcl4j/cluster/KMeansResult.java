package org.pcl4j.cluster;

/**
 * A k-means clustering of N points in d dimensions (ALGORITHM.md §2.2), copied to Java arrays so that it
 * outlives any NDManager.
 *
 * @param k number of clusters
 * @param dim dimension d of the points and centroids
 * @param centroids k×dim, row-major, raw (not normalised)
 * @param assignments for each of the N points, the index of its nearest centroid ({@code im2cluster})
 * @param squaredDistances for each point, its squared L2 distance to that centroid (D_i of ALGORITHM.md §2.2)
 * @param objectiveHistory per iteration of the kept restart, the sum of squared distances of the
 *     training subsample to the centroids of that iteration (as faiss reports it); non-increasing
 *     except for the tiny perturbation of a re-seed
 * @param sizes members per cluster in {@code assignments}
 * @param reseeds empty clusters re-seeded by splitting a large one, over all iterations of the kept
 *     restart (the restarts that were discarded are not counted)
 */
public record KMeansResult(int k, int dim, float[] centroids, int[] assignments, float[] squaredDistances,
        double[] objectiveHistory, int[] sizes, int reseeds) {

    /** Final training objective of the kept restart (the last entry of {@link #objectiveHistory}). */
    public double objective() {
        return objectiveHistory[objectiveHistory.length - 1];
    }

    /** Number of assigned points N. */
    public int n() {
        return assignments.length;
    }
}
