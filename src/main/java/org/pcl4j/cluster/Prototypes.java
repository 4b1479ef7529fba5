package org.pcl4j.cluster;

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
        return new Prototypes(r.k(), r.dim(), normalizeRows(r.centroids(), r.dim()), r.assignments().clone(), phi.clone());
    }

    /** Row-wise x / max(‖x‖, 1e-12), like {@code torch.nn.functional.normalize} in the reference. */
    static float[] normalizeRows(float[] rows, int dim) {
        float[] out = new float[rows.length];
        for (int r = 0; r < rows.length / dim; r++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += (double) rows[r * dim + j] * rows[r * dim + j];
            }
            double scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
            for (int j = 0; j < dim; j++) {
                out[r * dim + j] = (float) (rows[r * dim + j] * scale);
            }
        }
        return out;
    }
}
