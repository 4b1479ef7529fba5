package org.pcl4j.cluster;

import java.util.Arrays;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;

/**
 * Concentration φ of each cluster (ALGORITHM.md §2.3): how tightly its members sit around the prototype,
 * used as the per-prototype temperature of ProtoNCE (ALGORITHM.md §3.3).
 *
 * <pre>
 *   φ_c = ( (1/Z) Σ_z ‖v'_z − c‖₂ ) / log(Z + α),   α = 10
 * </pre>
 * with the non-squared distance (square root of the k-means squared distance); then, as the
 * reference implementation does:
 * <ol>
 *   <li>clusters with Z ≤ 1 get the largest φ among clusters with Z > 1;
 *   <li>φ is clamped to [P10, P90], percentiles with numpy's default definition ({@code np.percentile},
 *       "linear": the value at rank p/100·(K−1) of the sorted φ, interpolated between neighbours);
 *   <li>φ is rescaled so that its mean equals the temperature τ.
 * </ol>
 * Degenerate cases the reference would turn into NaN (no cluster with Z > 1, or all φ = 0 because
 * every member coincides with its centroid) give the uniform φ = τ, i.e. plain InfoNCE scaling.
 * Pure functions of their arguments.
 */
public final class Concentration {
    /** α of ALGORITHM.md §2.3: smooths φ of small clusters. */
    public static final double ALPHA = 10.0;
    static final double LOW_PERCENTILE = 10;
    static final double HIGH_PERCENTILE = 90;

    private Concentration() {}

    /** φ of the clusters of a k-means result (ALGORITHM.md §2.3). */
    public static float[] estimate(KMeansResult clustering, float temperature) {
        return estimate(clustering.assignments(), clustering.squaredDistances(), clustering.k(), temperature);
    }

    /**
     * φ from the raw assignment: {@code assignments[i]} in [0, k) and the squared distance of point i
     * to that cluster's centroid.
     */
    /**
     * τ, the mean of φ, must be a finite number > 0; a caller that clusters first (minutes on large files) checks it
     * before it starts.
     */
    public static void checkTemperature(float temperature) {
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw new SettingException("temperature", "{temperature}: expected a finite number > 0, got " + temperature);
        }
    }

    public static float[] estimate(int[] assignments, float[] squaredDistances, int k, float temperature) {
        if (assignments.length != squaredDistances.length) {
            throw new InputException("concentration: " + assignments.length + " assignments but "
                    + squaredDistances.length + " distances; expected one distance per point");
        }
        if (k < 1) {
            throw new InputException("concentration: expected k >= 1, got k=" + k);
        }
        checkTemperature(temperature);
        double[] distanceSum = new double[k];
        long[] members = new long[k];
        for (int i = 0; i < assignments.length; i++) {
            int c = assignments[i];
            if (c < 0 || c >= k) {
                throw new InputException("concentration: assignment " + c + " of point " + i + " is outside [0, " + k + ")");
            }
            distanceSum[c] += Math.sqrt(Math.max(0f, squaredDistances[i]));
            members[c]++;
        }

        double[] phi = new double[k];
        double largest = Double.NaN;
        for (int c = 0; c < k; c++) {
            if (members[c] > 1) {
                phi[c] = distanceSum[c] / members[c] / StrictMath.log(members[c] + ALPHA);
                largest = Double.isNaN(largest) ? phi[c] : Math.max(largest, phi[c]);
            }
        }
        float[] out = new float[k];
        if (Double.isNaN(largest)) {
            Arrays.fill(out, temperature);
            return out;
        }
        for (int c = 0; c < k; c++) {
            if (members[c] <= 1) {
                phi[c] = largest;
            }
        }

        double[] sorted = phi.clone();
        Arrays.sort(sorted);
        double low = percentile(sorted, LOW_PERCENTILE);
        double high = percentile(sorted, HIGH_PERCENTILE);
        double mean = 0;
        for (int c = 0; c < k; c++) {
            phi[c] = Math.min(high, Math.max(low, phi[c]));
            mean += phi[c] / k;
        }
        if (!(mean > 0)) {
            Arrays.fill(out, temperature);
            return out;
        }
        for (int c = 0; c < k; c++) {
            out[c] = (float) (temperature * phi[c] / mean);
        }
        return out;
    }

    /** numpy's default ("linear") percentile of ascending {@code sorted} values, p in [0, 100]. */
    static double percentile(double[] sorted, double p) {
        double rank = p / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
