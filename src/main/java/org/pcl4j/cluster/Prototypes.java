package org.pcl4j.cluster;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.pcl4j.InputException;

/**
 * The prototypes of one granularity m (spec §2.5): L2-normalised centroids, the cluster of every
 * training sample ({@code im2cluster}) and the concentration φ of every prototype. Kept for a whole
 * epoch by the trainer.
 *
 * @param k number of prototypes
 * @param dim feature dimension
 * @param centroids k×dim row-major, each row L2-normalised (spec §2.4)
 * @param assignments prototype index of every training sample, by sample index
 * @param concentration φ per prototype (spec §2.3), mean = temperature
 */
public record Prototypes(int k, int dim, float[] centroids, int[] assignments, float[] concentration) {

    /** Spec §2.3–2.4: φ from the raw centroids' distances first, then the centroids are normalised. */
    public static Prototypes from(KMeansResult r, float temperature) {
        float[] phi = Concentration.estimate(r, temperature);
        return new Prototypes(r.k(), r.dim(), normalizeRows(r.centroids(), r.dim()), r.assignments().clone(), phi);
    }

    /**
     * The E-step clustering (spec §2.2–2.5) of {@code features} (N×d float32, any device) at each
     * granularity {@code ks[m]}. Granularity m uses seed {@code seed + m}: a different, reproducible
     * seed per m (spec §2.2); the other settings come from {@code template} (its k and seed are ignored).
     */
    public static List<Prototypes> forGranularities(NDArray features, int[] ks, long seed, float temperature,
            KMeansConfig template) {
        if (ks.length == 0) {
            throw new InputException("prototypes: expected at least one number of clusters k, got none");
        }
        List<Prototypes> out = new ArrayList<>(ks.length);
        for (int m = 0; m < ks.length; m++) {
            KMeansResult r = KMeans.fit(features, template.withSeed(seed).forGranularity(m, ks[m]));
            out.add(from(r, temperature));
        }
        return List.copyOf(out);
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
