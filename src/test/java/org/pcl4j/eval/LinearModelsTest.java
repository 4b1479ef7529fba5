package org.pcl4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pcl4j.InputException;

class LinearModelsTest {
    /** Three classes separated by hyperplanes in 5-D, with a large offset and scale to exercise standardisation. */
    static LabelledFeatures separable(int n, long seed) {
        Random rng = new Random(seed);
        int dim = 5;
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = 1000 + 50 * (float) rng.nextGaussian();
            }
            // class c: coordinate c sits 400 above the rest, a margin far beyond the noise
            x[i * dim + y[i]] += 400;
        }
        return new LabelledFeatures(x, n, dim, y);
    }

    @Test
    void linearProbeSeparatesLinearlySeparableData() {
        LinearProbe.LinearProbeResult r = LinearProbe.evaluate(separable(300, 1), separable(150, 2), LinearProbeConfig.defaults());
        assertThat(r.top1()).isEqualTo(1.0);
        assertThat(r.validationTop1()).hasSize(LinearProbeConfig.DEFAULT_COSTS.length);
        assertThat(r.recipe()).contains("L2R_L2LOSS_SVC").contains("standardised");
        assertThat(r.table().render()).contains("test top-1").contains("1.0000");
    }

    @Test
    void linearProbeIsNearChanceOnRandomLabels() {
        LabelledFeatures train = separable(300, 1);
        int[] shuffled = new Random(3).ints(300, 0, 3).toArray();
        LabelledFeatures noise = new LabelledFeatures(train.features(), 300, 5, shuffled);
        LinearProbe.LinearProbeResult r = LinearProbe.evaluate(noise, separable(300, 2), LinearProbeConfig.defaults());
        assertThat(r.top1()).isBetween(0.15, 0.55);
    }

    @Test
    void perClassSamplingDrawsExactlyKOfEveryClassAndDependsOnTheSeed() {
        int[] labels = new Random(0).ints(1000, 0, 7).toArray();
        for (int k : new int[] {1, 2, 4, 8, 16}) {
            int[] a = Sampling.perClass(labels, k, 11);
            int[] counts = new int[7];
            for (int i : a) {
                counts[labels[i]]++;
            }
            assertThat(counts).containsOnly(k);
            assertThat(Arrays.stream(a).distinct().count()).isEqualTo(a.length);
            assertThat(Sampling.perClass(labels, k, 11)).isEqualTo(a);
            assertThat(Sampling.perClass(labels, k, 12)).isNotEqualTo(a);
        }
    }

    @Test
    void perClassSamplingRejectsTooSmallClasses() {
        assertThatThrownBy(() -> Sampling.perClass(new int[] {0, 0, 1}, 2, 0)).isInstanceOf(InputException.class).hasMessageContaining("fewer");
    }

    @Test
    void lowShotReportsEveryKWithMeanAndStdOverDraws() {
        LowShotConfig config = LowShotConfig.defaults().withShots(1, 4).withDraws(3).withMeanAp(true);
        LowShot.LowShotResult r = LowShot.evaluate(separable(300, 1), separable(150, 2), config);
        assertThat(r.shots()).extracting(LowShot.Shot::k).containsExactly(1, 4);
        LowShot.Shot four = r.shots().get(1);
        assertThat(four.top1PerDraw()).hasSize(3);
        assertThat(four.meanTop1()).isGreaterThan(0.95);
        assertThat(four.meanMap()).isGreaterThan(0.95);
        assertThat(r.shots().get(0).costPerDraw()).containsOnly(LowShotConfig.DEFAULT_ONE_SHOT_COST);
        assertThat(r.table().render()).contains("mAP mean");
    }

    @Test
    void averagePrecisionMatchesHandComputation() {
        // ranking: + - + -  → precisions at positives 1/1 and 2/3 → AP = 5/6
        double ap = Accuracy.averagePrecision(new double[] {0.9, 0.8, 0.7, 0.1}, new boolean[] {true, false, true, false});
        assertThat(ap).isCloseTo(5.0 / 6, org.assertj.core.api.Assertions.within(1e-12));
    }
}
