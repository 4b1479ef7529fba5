package org.pcl4j.cluster;

import org.pcl4j.tensor.Rows;

/**
 * The prototypes of one granularity m (ALGORITHM.md §2.4): L2-normalised centroids, the cluster of every
 * training sample ({@code im2cluster}) and the concentration φ of every prototype. Kept for a whole
 * epoch by the trainer; {@link Granularities#cluster} computes them.
 *
 * @param k number of prototypes
 * @param dim feature dimension
 * @param centroids k×dim row-major, each row L2-normalised (ALGORITHM.md §2.4)
 * @param assignments prototype index of every training sample, by sample index
 * @param concentration φ per prototype (ALGORITHM.md §2.3), mean = temperature
 */
public record Prototypes(int k, int dim, float[] centroids, int[] assignments, float[] concentration) {

    /** Spec §2.3–2.4: φ from the raw centroids' distances first, then the centroids are normalised. */
    public static Prototypes from(KMeansResult r, float temperature) {
        return from(r, Concentration.estimate(r, temperature));
    }

    /** The prototypes of clustering {@code r} whose concentration {@code phi} is already estimated. */
    public static Prototypes from(KMeansResult r, float[] phi) {
        return new Prototypes(r.k(), r.dim(), Rows.normalize(r.centroids(), r.dim()), r.assignments().clone(), phi.clone());
    }
}
