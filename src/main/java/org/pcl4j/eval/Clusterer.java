package org.pcl4j.eval;

import ai.djl.ndarray.NDManager;
import org.pcl4j.cluster.KMeans;
import org.pcl4j.cluster.KMeansConfig;
import org.pcl4j.model.Devices;

/**
 * Partitions frozen features into {@code k} clusters: the seam between the clustering-quality protocol,
 * which calls it with K = number of classes, and a clustering engine.
 */
@FunctionalInterface
public interface Clusterer {
    /** One cluster in [0, k) per row of {@code features}. */
    int[] assign(LabelledFeatures features, int k, long seed);

    /** The E-step's k-means (ALGORITHM.md §2.2, its defaults) on the default device. */
    static Clusterer kmeans() {
        return (f, k, seed) -> {
            try (NDManager manager = Devices.newManager()) {
                return KMeans.fit(f.features(), f.rows(), f.dim(), KMeansConfig.of(k, seed), manager).assignments();
            }
        };
    }
}
