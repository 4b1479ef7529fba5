package org.pcl4j.eval;

import java.util.Arrays;

/**
 * Agreement between two labelings of the same items (ALGORITHM.md §7, clustering quality): mutual
 * information, NMI and AMI, in nats, with the arithmetic mean of the two entropies as normaliser.
 *
 * <p>AMI adjusts for chance with the expected mutual information under the hypergeometric model
 * of random labelings with the same cluster sizes (Vinh, Epps and Bailey, JMLR 2010), the
 * definition of scikit-learn's {@code adjusted_mutual_info_score(average_method="arithmetic")}:
 * {@code AMI = (MI - E[MI]) / (mean(H(U), H(V)) - E[MI])}. Written by hand because the JVM
 * libraries that have it are GPL.
 */
public final class ClusteringMetrics {
    private ClusteringMetrics() {}

    /** Contingency counts of two labelings with compacted (0..R-1, 0..C-1) label values. */
    private record Contingency(long[][] counts, long[] rowSums, long[] colSums, int n) {
        static Contingency of(int[] u, int[] v) {
            if (u.length != v.length) {
                throw new IllegalArgumentException("labelings differ in length: " + u.length + " vs " + v.length);
            }
            int[] cu = compact(u);
            int[] cv = compact(v);
            int r = Arrays.stream(cu).max().orElse(-1) + 1;
            int c = Arrays.stream(cv).max().orElse(-1) + 1;
            long[][] counts = new long[r][c];
            long[] rows = new long[r];
            long[] cols = new long[c];
            for (int i = 0; i < u.length; i++) {
                counts[cu[i]][cv[i]]++;
                rows[cu[i]]++;
                cols[cv[i]]++;
            }
            return new Contingency(counts, rows, cols, u.length);
        }

        /** Both labelings put everything in one group (or are empty): perfect agreement by convention. */
        boolean trivial() {
            return rowSums.length == colSums.length && rowSums.length <= 1;
        }
    }

    /** Maps arbitrary label values to 0..distinct-1 (in order of value). */
    private static int[] compact(int[] labels) {
        return LabelledFeatures.denseLabels(labels)[0];
    }

    /** Shannon entropy (nats) of the labeling with these group sizes. */
    private static double entropy(long[] sizes, int n) {
        double h = 0;
        for (long s : sizes) {
            if (s > 0) {
                double p = (double) s / n;
                h -= p * StrictMath.log(p);
            }
        }
        return h;
    }

    private static double mutualInformation(Contingency t) {
        double mi = 0;
        double n = t.n;
        for (int i = 0; i < t.rowSums.length; i++) {
            for (int j = 0; j < t.colSums.length; j++) {
                long nij = t.counts[i][j];
                if (nij > 0) {
                    mi += nij / n * StrictMath.log(n * nij / ((double) t.rowSums[i] * t.colSums[j]));
                }
            }
        }
        return Math.max(mi, 0);
    }

    /** Mutual information (nats) between labelings {@code u} and {@code v}. */
    public static double mutualInformation(int[] u, int[] v) {
        return mutualInformation(Contingency.of(u, v));
    }

    /** MI / mean(H(u), H(v)); 1 for identical partitions, 0 for independent ones. */
    public static double nmi(int[] u, int[] v) {
        Contingency t = Contingency.of(u, v);
        if (t.trivial()) {
            return 1.0;
        }
        double mi = mutualInformation(t);
        double norm = (entropy(t.rowSums, t.n) + entropy(t.colSums, t.n)) / 2;
        return mi <= 0 || norm <= 0 ? 0.0 : mi / norm;
    }

    /** Adjusted mutual information: 1 for identical partitions, about 0 in expectation for random ones, may be negative. */
    public static double ami(int[] u, int[] v) {
        Contingency t = Contingency.of(u, v);
        if (t.trivial()) {
            return 1.0;
        }
        double mi = mutualInformation(t);
        double emi = expectedMutualInformation(t);
        double norm = (entropy(t.rowSums, t.n) + entropy(t.colSums, t.n)) / 2;
        double denominator = norm - emi;
        // Same guard as scikit-learn: keep the sign, avoid dividing by ~0.
        double eps = Math.ulp(1.0);
        denominator = denominator < 0 ? Math.min(denominator, -eps) : Math.max(denominator, eps);
        return (mi - emi) / denominator;
    }

    /**
     * E[MI] over all labelings with the row and column sums of {@code t}: for each cell, n_ij
     * follows a hypergeometric law, and E[MI] = Σ_ij Σ_nij (n_ij/N) log(N n_ij / (a_i b_j)) P(n_ij).
     * Log-factorials are exact sums of logs, tabulated once up to N.
     */
    private static double expectedMutualInformation(Contingency t) {
        int n = t.n;
        double[] logFact = new double[n + 1];
        for (int i = 2; i <= n; i++) {
            logFact[i] = logFact[i - 1] + StrictMath.log(i);
        }
        double emi = 0;
        for (long a : t.rowSums) {
            for (long b : t.colSums) {
                long start = Math.max(1, a + b - n);
                long end = Math.min(a, b);
                for (long nij = start; nij <= end; nij++) {
                    double logP = logFact[(int) a] + logFact[(int) b] + logFact[(int) (n - a)] + logFact[(int) (n - b)]
                            - logFact[n] - logFact[(int) nij] - logFact[(int) (a - nij)] - logFact[(int) (b - nij)]
                            - logFact[(int) (n - a - b + nij)];
                    emi += (double) nij / n * StrictMath.log((double) n * nij / ((double) a * b)) * StrictMath.exp(logP);
                }
            }
        }
        return emi;
    }
}
