package org.pcl4j.eval;

/**
 * Partitions frozen features into {@code k} clusters: the seam to the k-means engine of the
 * cluster package (ALGORITHM.md §2), which the clustering-quality protocol calls with K = number of classes.
 */
@FunctionalInterface
public interface Clusterer {
    /** One cluster in [0, k) per row of {@code features}. */
    int[] assign(LabelledFeatures features, int k, long seed);
}
