package org.pcl4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pcl4j.SettingException;

/** The feature scalings against hand-computed rows, and what each does to the protocols that use them. */
class FeatureScalingTest {
    private static LabelledFeatures rows(float[][] r) {
        int d = r[0].length;
        float[] x = new float[r.length * d];
        for (int i = 0; i < r.length; i++) {
            System.arraycopy(r[i], 0, x, i * d, d);
        }
        return new LabelledFeatures(x, r.length, d, new int[r.length]);
    }

    @Test
    void l2DividesEachRowByItsNormAndLeavesAZeroRowZero() {
        LabelledFeatures f = rows(new float[][] {{3, 4}, {0, 0}, {-2, 0}});
        FeatureScaling.Scaler s = FeatureScaling.L2.fit(rows(new float[][] {{100, 100}}));
        // the float rows of the features, normalised (norm summed in double), as float
        assertThat(s.row(f, 0)).containsExactly(0.6f, 0.8f);
        assertThat(s.row(f, 1)).containsExactly(0.0, 0.0);
        assertThat(s.row(f, 2)).containsExactly(-1.0, 0.0);
        assertThat(s.apply(f).features()).containsExactly(0.6f, 0.8f, 0f, 0f, -1f, 0f);
    }

    @Test
    void standardiseTakesItsStatisticsFromTrainAndOnlyCentresAConstantDimension() {
        // train: dimension 0 has mean 2, std 1; dimension 1 is constant 7 (std 0: centred only)
        FeatureScaling.Scaler s = FeatureScaling.STANDARDISE.fit(rows(new float[][] {{1, 7}, {3, 7}}));
        LabelledFeatures test = rows(new float[][] {{5, 9}, {2, 7}});
        assertThat(s.row(test, 0)).containsExactly(3.0, 2.0);
        assertThat(s.row(test, 1)).containsExactly(0.0, 0.0);
    }

    @Test
    void noneIsTheIdentity() {
        LabelledFeatures f = rows(new float[][] {{1.5f, -2}, {0, 1e6f}});
        assertThat(FeatureScaling.NONE.fit(f).apply(f).features()).containsExactly(f.features());
        assertThat(FeatureScaling.NONE.fit(f).apply(f)).isSameAs(f);
        assertThat(FeatureScaling.NONE.fit(f).row(f, 1)).containsExactly(0.0, 1e6);
    }

    /** Each scaling's whole-split {@code apply} gives the rows of its per-row {@code row}, to the bit. */
    @Test
    void applyAgreesWithRowForEveryScaling() {
        LabelledFeatures train = LinearModelsTest.separable(40, 3);
        LabelledFeatures test = LinearModelsTest.separable(15, 4);
        for (FeatureScaling scaling : FeatureScaling.values()) {
            FeatureScaling.Scaler s = scaling.fit(train);
            LabelledFeatures all = s.apply(test);
            assertThat(all.labels()).as(scaling.name()).containsExactly(test.labels());
            for (int i = 0; i < test.rows(); i++) {
                double[] r = s.row(test, i);
                float[] narrowed = new float[r.length];
                for (int j = 0; j < r.length; j++) {
                    narrowed[j] = (float) r[j];
                }
                assertThat(all.row(i)).as(scaling + " row " + i).containsExactly(narrowed);
            }
        }
    }

    @Test
    void namesParseAndUnknownOnesNameTheSetting() {
        assertThat(FeatureScaling.parse("scaling", " L2 ")).isEqualTo(FeatureScaling.L2);
        assertThat(FeatureScaling.parse("scaling", "standardise")).isEqualTo(FeatureScaling.STANDARDISE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FeatureScaling.parse("scaling", "unit"))
                .isInstanceOf(SettingException.class).hasMessageContaining("scaling 'unit'").hasMessageContaining("none, standardise, l2");
    }

    /**
     * Two classes told apart by direction only, each row with a norm of 1 or 30 drawn independently of
     * its class: on unscaled features k-means splits the long rows from the short ones, on L2-normalised
     * ones it finds the classes.
     */
    @Test
    void kmeansOnL2NormalisedFeaturesSeesDirectionsThatNormsHide() {
        Random rng = new Random(5);
        int n = 200;
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double angle = (y[i] == 0 ? 0.2 : 1.3) + 0.05 * rng.nextGaussian();
            double norm = rng.nextBoolean() ? 1 : 30;
            x[2 * i] = (float) (norm * Math.cos(angle));
            x[2 * i + 1] = (float) (norm * Math.sin(angle));
        }
        LabelledFeatures f = new LabelledFeatures(x, n, 2, y);
        Clusterer kmeans = Clusterer.kmeans();
        ClusterQuality.ClusterResult raw = ClusterQuality.evaluate(f, FeatureScaling.NONE, kmeans, 0, "k-means");
        ClusterQuality.ClusterResult unit = ClusterQuality.evaluate(f, FeatureScaling.L2, kmeans, 0, "k-means");
        assertThat(raw.ami()).isLessThan(0.5);
        assertThat(unit.ami()).isCloseTo(1.0, within(1e-9));
        assertThat(unit.clustering()).isEqualTo("k-means on L2-normalised features");
        assertThat(raw.clustering()).isEqualTo("k-means on unscaled features");
    }

    /** The low-shot SVM with L2 scaling is the same SVM as on rows normalised beforehand and left unscaled. */
    @Test
    void lowShotScalesItsFeaturesByTheConfiguredScaling() {
        LabelledFeatures train = LinearModelsTest.separable(120, 1);
        LabelledFeatures test = LinearModelsTest.separable(60, 2);
        LowShotConfig c = LowShotConfig.defaults().withShots(1, 2).withDraws(3);
        LowShot.LowShotResult l2 = LowShot.evaluate(train, test, c.withScaling(FeatureScaling.L2));
        FeatureScaling.Scaler unit = FeatureScaling.L2.fit(train);
        LowShot.LowShotResult pre = LowShot.evaluate(unit.apply(train), unit.apply(test), c.withScaling(FeatureScaling.NONE));
        LowShot.LowShotResult standardised = LowShot.evaluate(train, test, c);
        for (int i = 0; i < 2; i++) {
            assertThat(l2.shots().get(i).top1PerDraw()).containsExactly(pre.shots().get(i).top1PerDraw());
        }
        assertThat(l2.recipe()).contains("L2-normalised");
        assertThat(standardised.recipe()).contains("standardised");
        assertThat(LowShotConfig.defaults().scaling()).isEqualTo(LowShotConfig.DEFAULT_SCALING);
        // and the setting is used: the standardised SVM predicts differently on the same draws
        assertThat(standardised.shots().get(0).top1PerDraw()).isNotEqualTo(l2.shots().get(0).top1PerDraw());
    }
}
