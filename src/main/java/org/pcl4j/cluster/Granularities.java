package org.pcl4j.cluster;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.pcl4j.InputException;

/**
 * The E-step clustering of ALGORITHM.md §2.2–2.3: k-means of the same features once per granularity
 * {@code k_m}, and the concentration φ of each clustering. The one implementation behind the
 * trainer's E-step and {@code pcl4j cluster}.
 *
 * <p>The seed rule (ALGORITHM.md §2.2 asks for a different seed per granularity): granularity {@code m}
 * (0-based) uses {@link KMeansConfig#forGranularity(int, int)} of the template, i.e. seed
 * {@code Seeds.mix(template.seed(), m)}.
 */
public final class Granularities {
    private Granularities() {}

    /**
     * One granularity's result.
     *
     * @param clustering the k-means result (raw centroids)
     * @param concentration φ per cluster (ALGORITHM.md §2.3), mean = the temperature
     * @param seconds time of the k-means and φ
     */
    public record Level(KMeansResult clustering, float[] concentration, double seconds) {
        /** The prototypes of this granularity (ALGORITHM.md §2.4: normalised centroids). */
        public Prototypes prototypes() {
            return Prototypes.from(clustering, concentration);
        }
    }

    /**
     * Clusters {@code features} (N×d float32, any device) into {@code ks[m]} clusters for each m.
     *
     * @param template    every k-means setting but k; its seed is the base of the seed rule
     * @param temperature τ, the mean of φ
     * @param each        called with each level as soon as it is done (progress, output); may be a no-op
     * @return the levels in the order of {@code ks}
     * @throws InputException if {@code ks} is empty, or as {@link KMeans#fit} does
     */
    public static List<Level> cluster(NDArray features, int[] ks, KMeansConfig template, float temperature, Consumer<Level> each) {
        if (ks.length == 0) {
            throw new InputException("clustering: expected at least one number of clusters K, got none");
        }
        List<Level> out = new ArrayList<>(ks.length);
        for (int m = 0; m < ks.length; m++) {
            long start = System.nanoTime();
            KMeansResult r = KMeans.fit(features, template.forGranularity(m, ks[m]));
            float[] phi = Concentration.estimate(r, temperature);
            Level level = new Level(r, phi, (System.nanoTime() - start) / 1e9);
            each.accept(level);
            out.add(level);
        }
        return List.copyOf(out);
    }
}
