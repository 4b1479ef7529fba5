package org.pcl4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pcl4j.InputException;

class ConcentrationTest {

    /**
     * Five clusters: {1,2} (distances), {3,3,3}, a singleton, an empty one, and {4×6}. Raw φ:
     * 1.5/ln12 = 0.60364, 3/ln13 = 1.16961, max, max, 4/ln16 = 1.44270 (the max over Z > 1).
     * P10 = 0.60364 + 0.4·(1.16961 − 0.60364) = 0.83003 (rank 0.4 of 5), P90 = 1.44270.
     * Expected values from the reference's numpy code (np.percentile, clip, τ·φ/mean(φ)).
     */
    @Test
    void matchesHandComputedReference() {
        int[] assignments = {0, 0, 1, 1, 1, 2, 4, 4, 4, 4, 4, 4};
        float[] squared = {1, 4, 9, 9, 9, 0.25f, 16, 16, 16, 16, 16, 16};

        float[] phi = Concentration.estimate(assignments, squared, 5, 0.2f);

        assertThat(phi).containsExactly(new float[] {0.13117374f, 0.18483935f, 0.22799563f, 0.22799563f, 0.22799563f},
                within(1e-6f));
        double mean = 0;
        for (float p : phi) {
            mean += p / 5.0;
        }
        assertThat(mean).isCloseTo(0.2, within(1e-6));
    }

    @Test
    void percentileIsNumpyLinear() {
        double[] sorted = {1, 1.5, 2.6, 3, 4, 9};
        // np.percentile([3,1,4,1.5,9,2.6], [10, 90, 33]) = [1.25, 6.5, 2.215]
        assertThat(Concentration.percentile(sorted, 10)).isCloseTo(1.25, within(1e-12));
        assertThat(Concentration.percentile(sorted, 90)).isCloseTo(6.5, within(1e-12));
        assertThat(Concentration.percentile(sorted, 33)).isCloseTo(2.215, within(1e-12));
    }

    @Test
    void degenerateClusteringsGetTheUniformTemperature() {
        // Only singletons: no cluster with Z > 1 to take the maximum from.
        assertThat(Concentration.estimate(new int[] {0, 1, 2}, new float[] {1, 2, 3}, 3, 0.1f))
                .containsExactly(0.1f, 0.1f, 0.1f);
        // Every member on its centroid: all φ = 0.
        assertThat(Concentration.estimate(new int[] {0, 0, 1, 1}, new float[] {0, 0, 0, 0}, 2, 0.1f))
                .containsExactly(0.1f, 0.1f);
    }

    @Test
    void rejectsInconsistentInput() {
        assertThatThrownBy(() -> Concentration.estimate(new int[] {0, 1}, new float[] {1}, 2, 0.1f))
                .isInstanceOf(InputException.class).hasMessageContaining("distance");
        assertThatThrownBy(() -> Concentration.estimate(new int[] {0, 3}, new float[] {1, 1}, 2, 0.1f))
                .isInstanceOf(InputException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> Concentration.estimate(new int[] {0}, new float[] {1}, 1, 0f))
                .isInstanceOf(InputException.class).hasMessageContaining("temperature");
    }
}
