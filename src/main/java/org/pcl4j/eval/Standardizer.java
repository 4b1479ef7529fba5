package org.pcl4j.eval;

/**
 * Per-dimension standardisation {@code (x - mean) / std} with statistics of the train split only,
 * so the linear classifiers' cost parameter means the same on any feature scale.
 */
record Standardizer(double[] mean, double[] std) implements FeatureScaling.Scaler {
    /** Dimensions with (near) zero variance are only centred. */
    private static final double MIN_STD = 1e-8;

    static Standardizer fit(LabelledFeatures train) {
        int d = train.dim();
        double[] mean = new double[d];
        double[] sq = new double[d];
        float[] x = train.features();
        for (int i = 0; i < train.rows(); i++) {
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                mean[j] += v;
                sq[j] += v * v;
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] /= train.rows();
            double var = Math.max(0, sq[j] / train.rows() - mean[j] * mean[j]);
            std[j] = Math.sqrt(var) < MIN_STD ? 1 : Math.sqrt(var);
        }
        return new Standardizer(mean, std);
    }

    @Override
    public double[] row(LabelledFeatures f, int i) {
        int d = f.dim();
        double[] r = new double[d];
        for (int j = 0; j < d; j++) {
            r[j] = (f.features()[i * d + j] - mean[j]) / std[j];
        }
        return r;
    }
}
