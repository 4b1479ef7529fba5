package org.pcl4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClusteringMetricsTest {
    @Test
    void identicalPartitionsScoreOneWhateverTheLabelValues() {
        int[] u = {0, 0, 1, 1, 2, 2, 2};
        int[] v = {5, 5, 9, 9, 7, 7, 7};
        assertThat(ClusteringMetrics.ami(u, v)).isCloseTo(1.0, within(1e-12));
        assertThat(ClusteringMetrics.nmi(u, v)).isCloseTo(1.0, within(1e-12));
        assertThat(ClusteringMetrics.ami(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 1})).isCloseTo(1.0, within(1e-12));
    }

    /**
     * u = [0,0,1,1], v = [0,1,0,1]: every cell holds 1, so MI = 0 and H(u) = H(v) = ln 2. Under the
     * hypergeometric model each cell n_ij ∈ {0,1,2} with P = 1/6, 4/6, 1/6; only n_ij = 2 contributes,
     * (2/4) ln(4·2/(2·2)) · 1/6 = ln2 / 12, over 4 cells E[MI] = ln2 / 3.
     * AMI = (0 - ln2/3) / (ln2 - ln2/3) = -0.5.
     */
    @Test
    void amiOfAnAntiCorrelatedTinyExampleIsMinusHalf() {
        assertThat(ClusteringMetrics.ami(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1})).isCloseTo(-0.5, within(1e-12));
        assertThat(ClusteringMetrics.nmi(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1})).isCloseTo(0.0, within(1e-12));
    }

    /**
     * u = [0,0,1,1], v = [0,0,0,1]. Cells: (0,0)=2, (1,0)=1, (1,1)=1; marginals a = (2,2), b = (3,1).
     * MI = ½ ln(4/3) + ¼ ln(2/3) + ¼ ln 2; H(u) = ln 2; H(v) = -(¾ ln ¾ + ¼ ln ¼).
     */
    @Test
    void nmiMatchesHandComputation() {
        double mi = 0.5 * Math.log(4.0 / 3) + 0.25 * Math.log(2.0 / 3) + 0.25 * Math.log(2);
        double hu = Math.log(2);
        double hv = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
        int[] u = {0, 0, 1, 1};
        int[] v = {0, 0, 0, 1};
        assertThat(ClusteringMetrics.mutualInformation(u, v)).isCloseTo(mi, within(1e-12));
        assertThat(ClusteringMetrics.nmi(u, v)).isCloseTo(mi / ((hu + hv) / 2), within(1e-12));
        assertThat(mi / ((hu + hv) / 2)).isCloseTo(0.3437, within(1e-4));
    }

    @Test
    void independentRandomLabelingsHaveAmiNearZeroButPositiveNmi() {
        Random rng = new Random(42);
        int n = 5000;
        int[] u = new int[n];
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            u[i] = rng.nextInt(10);
            v[i] = rng.nextInt(10);
        }
        assertThat(Math.abs(ClusteringMetrics.ami(u, v))).isLessThan(0.01);
        // NMI is not adjusted for chance: it stays clearly above zero, which is why AMI is reported.
        assertThat(ClusteringMetrics.nmi(u, v)).isGreaterThan(0.002);
    }

    @Test
    void amiIsSymmetricAndBelowOneForPartialAgreement() {
        int[] u = {0, 0, 0, 1, 1, 1, 2, 2, 2};
        int[] v = {0, 0, 1, 1, 1, 2, 2, 2, 0};
        double a = ClusteringMetrics.ami(u, v);
        assertThat(a).isCloseTo(ClusteringMetrics.ami(v, u), within(1e-12)).isLessThan(1).isGreaterThan(-1);
    }
}
