package org.pcl4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;

class KnnTest {
    /**
     * Memory in 2-D (normalised to unit length by Knn): class 0 at angles 0° and 10°, class 1 at 90°,
     * class 2 at 45°. Query at angle 30°, k = 3: neighbours by cosine are 45° (cos 15° = 0.9659, class 2),
     * 10° (cos 20° = 0.9397, class 0), 0° (cos 30° = 0.8660, class 0); 90° (cos 60° = 0.5) is left out.
     * With T = 0.1: class 0 gets e^9.397 + e^8.660 = 12052 + 5768 = 17820, class 2 gets e^9.659 = 15664,
     * so class 0 wins although the single nearest neighbour is class 2.
     * With T = 0.01 the weights are e^96.59 vs e^93.97 + e^86.60: class 2 wins.
     */
    @Test
    void weightedVoteMatchesHandComputation() {
        float[] train = {
            1, 0,
            (float) Math.cos(Math.toRadians(10)), (float) Math.sin(Math.toRadians(10)),
            0, 3, // unnormalised on purpose
            2, 2,
        };
        int[] trainLabels = {0, 0, 1, 2};
        float[] query = {(float) Math.cos(Math.toRadians(30)), (float) Math.sin(Math.toRadians(30))};

        Knn.KnnResult warm = classify(train, trainLabels, query, new int[] {0}, 2, 3, 0.1f);
        assertThat(warm.top1()).isEqualTo(1.0);
        assertThat(classify(train, trainLabels, query, new int[] {2}, 2, 3, 0.1f).top1()).isEqualTo(0.0);

        Knn.KnnResult cold = classify(train, trainLabels, query, new int[] {2}, 2, 3, 0.01f);
        assertThat(cold.top1()).isEqualTo(1.0);
        // top-5 with 3 classes always holds the label
        assertThat(cold.top5()).isEqualTo(1.0);
    }

    /**
     * The setting of {@link #weightedVoteMatchesHandComputation} at temperatures where e^(s/T) leaves the doubles:
     * class 2's neighbour is the nearest, so it must still win. Before, every near class's weight was +∞ (or, for a
     * query facing away from all, 0) and the tie went to class 0.
     */
    @Test
    void coldTemperaturesVoteAsTheirWeightsSayWithoutOverflow() {
        float[] train = {
            1, 0,
            (float) Math.cos(Math.toRadians(10)), (float) Math.sin(Math.toRadians(10)),
            0, 3,
            2, 2,
        };
        int[] trainLabels = {0, 0, 1, 2};
        float[] query = {(float) Math.cos(Math.toRadians(30)), (float) Math.sin(Math.toRadians(30))};
        for (float t : new float[] {0.001f, 0.0005f, 1e-6f}) {
            assertThat(classify(train, trainLabels, query, new int[] {2}, 2, 3, t).top1()).as("T=%s", t).isEqualTo(1.0);
        }
        // a query facing away from every image: its similarities -0.5, -0.643, -0.866, -0.966 (in the order of
        // `train`) make every e^(s/T) underflow to 0; the least far image, class 2's, must still decide
        float[] away = {(float) -Math.cos(Math.toRadians(60)), (float) -Math.sin(Math.toRadians(60))};
        int[] farLabels = {2, 0, 1, 0};
        assertThat(classify(train, farLabels, away, new int[] {2}, 2, 4, 0.0005f).top1()).isEqualTo(1.0);
        assertThat(Knn.expShift(new float[] {0.9f, 0.5f}, 2, 0.1f)).as("no shift where e^(s/T) is fine").isZero();
    }

    @Test
    void kIsCappedAndAccuracyIsAFraction() {
        float[] train = {1, 0, 0, 1};
        int[] trainLabels = {0, 1};
        float[] test = {1, 0.1f, 0.1f, 1, 1, 0.2f, 0.3f, 1};
        int[] testLabels = {0, 1, 1, 1}; // third query is nearer class 0: 3 of 4 right
        Knn.KnnResult r = classify(train, trainLabels, test, testLabels, 2, Knn.DEFAULT_K, Knn.DEFAULT_TEMPERATURE);
        assertThat(r.k()).isEqualTo(2);
        assertThat(r.top1()).isCloseTo(0.75, within(1e-12));
        assertThat(r.testSize()).isEqualTo(4);
    }

    @Test
    void blocksOfManyQueriesAgreeWithNearestCentroidOnSeparatedClusters() {
        java.util.Random rng = new java.util.Random(1);
        int dim = 8;
        int perClass = 100;
        float[][] centres = new float[3][dim];
        for (int c = 0; c < 3; c++) {
            centres[c][c] = 5;
        }
        float[] x = new float[3 * perClass * dim];
        int[] y = new int[3 * perClass];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3;
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = centres[y[i]][j] + (float) rng.nextGaussian() * 0.5f;
            }
        }
        Knn.KnnResult r = classify(x, y, x, y, dim, 20, 0.1f);
        assertThat(r.top1()).isEqualTo(1.0);
    }

    /**
     * Train classes 0 and 1, test labels 2 and 3 (no train image has them): every vote goes to 0 or 1,
     * so neither top-1 nor top-5 may count a hit. The unvoted classes 2 and 3 used to score 0 and tie
     * behind the two voted ones, i.e. rank 3 and 4: "in the top 5".
     */
    @Test
    void labelsNoTrainImageHasAreNeverInTheTopFive() {
        float[] train = {1, 0, 0.9f, 0.1f, 0, 1, 0.1f, 0.9f};
        int[] trainLabels = {0, 0, 1, 1};
        float[] test = {1, 0.2f, 0.2f, 1};
        Knn.KnnResult r = classify(train, trainLabels, test, new int[] {2, 3}, 2, 4, 0.1f);
        assertThat(r.top1()).isZero();
        assertThat(r.top5()).isZero();
        // the same queries with labels the train split has: both right
        assertThat(classify(train, trainLabels, test, new int[] {0, 1}, 2, 4, 0.1f).top1()).isEqualTo(1.0);
    }

    /** Train and test of other widths: one line naming both, as the linear probe and low-shot say it (LinearModelsTest). */
    @Test
    void trainAndTestOfOtherWidthsAreOneLine() {
        float[] train = {1, 0, 0, 1};
        assertThatThrownBy(() -> Knn.classify(new LabelledFeatures(train, 2, 2, new int[] {0, 1}),
                new LabelledFeatures(train, 1, 4, new int[] {0}), 1, 0.1f))
                .isInstanceOf(InputException.class)
                .hasMessage("test features have 4 columns, train features 2; expected the same (features of one encoder)");
    }

    /**
     * A NaN temperature made every vote weight NaN: top-1 0.0 and no error. NaN, ±∞, 0 and k = 0 are each a
     * {@link SettingException} naming the setting.
     */
    @Test
    void nonFiniteOrNonPositiveTemperatureAndKBelowOneAreRejected() {
        float[] train = {1, 0, 0, 1};
        int[] labels = {0, 1};
        for (float t : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0.1f}) {
            assertThatThrownBy(() -> classify(train, labels, train, labels, 2, 1, t)).as("T=%s", t)
                    .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("temperature"))
                    .hasMessage("temperature: expected a finite number > 0, got " + t);
        }
        assertThatThrownBy(() -> classify(train, labels, train, labels, 2, 0, 0.1f))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("k"))
                .hasMessage("k: expected at least 1 neighbour, got 0");
    }

    /**
     * One NaN in one train row made every query's votes NaN (top-1 0.0 for all, no error) when the features were
     * built in Java rather than read from a file; now it is one line naming the row and column.
     */
    @Test
    void aNonFiniteFeatureBuiltInJavaIsOneLineNamingItsRowAndColumn() {
        float[] train = {1, 0, 0, 1, 1, Float.NaN};
        assertThatThrownBy(() -> new LabelledFeatures(train, 3, 2, new int[] {0, 1, 0}))
                .isInstanceOf(InputException.class)
                .hasMessage("features: NaN or infinite value (NaN) at row 2, column 1; expected finite numbers");
        float[] inf = {1, Float.NEGATIVE_INFINITY};
        assertThatThrownBy(() -> new LabelledFeatures(inf, 1, 2, new int[] {0}))
                .hasMessage("features: NaN or infinite value (-Infinity) at row 0, column 1; expected finite numbers");
        // the shape and the labels are the caller's data too: the same kind of one-line error
        assertThatThrownBy(() -> new LabelledFeatures(new float[] {1, 2, 3, 4}, 2, 2, new int[] {0, -1}))
                .isInstanceOf(InputException.class).hasMessage("labels: negative class -1 at row 1; expected class ids >= 0");
        assertThatThrownBy(() -> new LabelledFeatures(new float[] {1, 2, 3}, 2, 2, new int[] {0, 1}))
                .isInstanceOf(InputException.class).hasMessage("features: 3 floats do not form 2 x 2");
    }

    /** Flat float arrays of {@code dim} columns. */
    private static Knn.KnnResult classify(float[] train, int[] trainLabels, float[] test, int[] testLabels, int dim, int k, float t) {
        return Knn.classify(new LabelledFeatures(train, trainLabels.length, dim, trainLabels),
                new LabelledFeatures(test, testLabels.length, dim, testLabels), k, t);
    }
}
