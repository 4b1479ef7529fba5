package org.pcl4j.eval;

import org.pcl4j.Choice;
import org.pcl4j.tensor.Rows;

/**
 * How frozen features are scaled before an evaluation protocol fits on them (ALGORITHM.md §7). A
 * scaling is fitted on the train split only and then applied to every split, so the test split never
 * informs it.
 */
public enum FeatureScaling implements Choice {
    /** The features as they are. */
    NONE,
    /**
     * Per dimension {@code (x − mean) / std} with the train split's statistics, so a linear model's cost C
     * means the same on any feature scale (the linear probe's default).
     */
    STANDARDISE,
    /**
     * Each row divided by its L2 norm: the cosine geometry that the contrastive losses train
     * (ALGORITHM.md §3.2) and that the kNN protocol scores. The reference's SVM evaluation scales its
     * features this way (ALGORITHM.md §8.5).
     */
    L2;

    /** The scaling named {@code text}, errors naming {@code setting}. */
    public static FeatureScaling parse(String setting, String text) {
        return Choice.parse(FeatureScaling.class, setting, text);
    }

    /** This scaling with whatever statistics it needs taken from {@code train}. */
    public Scaler fit(LabelledFeatures train) {
        return switch (this) {
            case NONE -> new Scaler() {
                @Override
                public double[] row(LabelledFeatures f, int i) {
                    return widen(f.row(i));
                }

                @Override
                public LabelledFeatures apply(LabelledFeatures f) {
                    return f;
                }
            };
            case STANDARDISE -> Standardizer.fit(train);
            case L2 -> new Scaler() {
                @Override
                public double[] row(LabelledFeatures f, int i) {
                    return widen(Rows.normalize(f.row(i), f.dim()));
                }

                @Override
                public LabelledFeatures apply(LabelledFeatures f) {
                    return new LabelledFeatures(Rows.normalize(f.features(), f.dim()), f.rows(), f.dim(), f.labels());
                }
            };
        };
    }

    /** Words for reports, e.g. "L2-normalised features". */
    public String describe() {
        return switch (this) {
            case NONE -> "unscaled features";
            case STANDARDISE -> "features standardised with train mean/std";
            case L2 -> "L2-normalised features";
        };
    }

    @Override
    public String toString() {
        return cliName();
    }

    private static double[] widen(float[] row) {
        double[] r = new double[row.length];
        for (int j = 0; j < r.length; j++) {
            r[j] = row[j];
        }
        return r;
    }

    /** A fitted scaling: any row of any split (of the train split's width) in, the scaled row out. */
    @FunctionalInterface
    public interface Scaler {
        /** Row {@code i} of {@code f}, scaled. */
        double[] row(LabelledFeatures f, int i);

        /** Every row of {@code f} scaled, as float features with the same labels ({@code f} itself where nothing changes). */
        default LabelledFeatures apply(LabelledFeatures f) {
            float[] out = new float[f.features().length];
            for (int i = 0; i < f.rows(); i++) {
                double[] r = row(f, i);
                for (int j = 0; j < r.length; j++) {
                    out[i * f.dim() + j] = (float) r[j];
                }
            }
            return new LabelledFeatures(out, f.rows(), f.dim(), f.labels());
        }
    }
}
