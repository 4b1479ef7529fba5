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

    /** The rule of {@link Accuracy#inTopK}, hand-computed: rank by score, ties to the lower index, no hit without evidence. */
    @Test
    void topKCountsNoHitForANanOrUnseenClassAndBreaksTiesByIndex() {
        // a NaN score of the true label is a miss at any k (it compared greater than nothing: a hit before)
        double[] nanLabel = {0.5, Double.NaN, 0.2};
        for (int k = 1; k <= 3; k++) {
            assertThat(Accuracy.inTopK(nanLabel, 1, k)).as("k=%d", k).isFalse();
        }
        // a NaN elsewhere ranks above the label: label 1 is second
        double[] nanOther = {Double.NaN, 0.9, 0.1};
        assertThat(Accuracy.inTopK(nanOther, 1, 1)).isFalse();
        assertThat(Accuracy.inTopK(nanOther, 1, 2)).isTrue();
        assertThat(Accuracy.argmax(new double[] {0.1, Double.NaN, 0.9})).isEqualTo(1);
        // 4 trained classes, 4 unseen (-inf, as Liblinear.scores and Knn give them): an unseen label is
        // never in the top 5, although only 4 classes score above it
        double ninf = Double.NEGATIVE_INFINITY;
        double[] unseen = {3, 2, 1, 0, ninf, ninf, ninf, ninf};
        assertThat(Accuracy.inTopK(unseen, 4, 5)).isFalse();
        assertThat(Accuracy.inTopK(unseen, 7, 8)).isFalse();
        assertThat(Accuracy.inTopK(unseen, 3, 4)).isTrue(); // rank 4
        assertThat(Accuracy.inTopK(unseen, 3, 3)).isFalse();
        // ties go to the lower index, as argmax: {1, 1, 0} ranks 0, 1, 2
        double[] tie = {1, 1, 0};
        assertThat(Accuracy.argmax(tie)).isZero();
        assertThat(Accuracy.inTopK(tie, 0, 1)).isTrue();
        assertThat(Accuracy.inTopK(tie, 1, 1)).isFalse();
        assertThat(Accuracy.inTopK(tie, 1, 2)).isTrue();
        // labels the scores do not cover are misses, not exceptions
        assertThat(Accuracy.inTopK(tie, 3, 5)).isFalse();
        assertThat(Accuracy.inTopK(tie, -1, 5)).isFalse();
        // 2 of 3 rows: hit (label 0), miss (NaN), miss (unseen class)
        double[][] rows = {{2, 1}, {Double.NaN, 1}, {1, ninf}};
        assertThat(Accuracy.topK(rows, new int[] {0, 0, 1}, 5)).isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void linearProbeTopFiveIsZeroWhenNoTestLabelWasTrainedOn() {
        LabelledFeatures test = separable(60, 2);
        int[] shifted = Arrays.stream(test.labels()).map(y -> y + 3).toArray(); // classes 3..5, train has 0..2
        LinearProbe.LinearProbeResult r = LinearProbe.evaluate(separable(300, 1),
                new LabelledFeatures(test.features(), test.rows(), test.dim(), shifted), LinearProbeConfig.defaults());
        assertThat(r.top1()).isZero();
        assertThat(r.top5()).isZero(); // was 1.0: the 3 unseen classes tied at -inf behind 3 trained ones
    }

    /**
     * Test features of another width than train's: the linear probe and low-shot returned scores for 8 train
     * and 4 test columns (top-1 1.0 and 0.85) and threw ArrayIndexOutOfBoundsException for 16; now both are
     * the one line that kNN gives (KnnTest).
     */
    @Test
    void trainAndTestOfOtherWidthsAreOneLineInEveryProtocol() {
        LabelledFeatures train = separable(60, 1); // 5 columns
        LowShotConfig lowShot = LowShotConfig.defaults().withShots(1).withDraws(1);
        for (int dim : new int[] {1, 10}) {
            LabelledFeatures test = new LabelledFeatures(new float[6 * dim], 6, dim, new int[] {0, 1, 2, 0, 1, 2});
            String message = "test features have " + dim + " columns, train features 5; expected the same (features of one encoder)";
            assertThatThrownBy(() -> LinearProbe.evaluate(train, test, LinearProbeConfig.defaults())).as("linear, %d", dim)
                    .isInstanceOf(InputException.class).hasMessage(message);
            assertThatThrownBy(() -> LowShot.evaluate(train, test, lowShot)).as("low-shot, %d", dim)
                    .isInstanceOf(InputException.class).hasMessage(message);
        }
    }
}
