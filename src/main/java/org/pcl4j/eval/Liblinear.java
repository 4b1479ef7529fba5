package org.pcl4j.eval;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.Random;

/**
 * The bridge to LIBLINEAR (Fan et al., JMLR 2008; Java port de.bwaldvogel:liblinear, BSD) shared
 * by the linear probe and the low-shot SVM: dense scaled rows in, per-class scores out.
 */
final class Liblinear {
    /** Stopping tolerance; LIBLINEAR's own default for the dual solvers. */
    static final double EPS = 0.1;

    static {
        Linear.disableDebugOutput();
    }

    private Liblinear() {}

    /** Rows of {@code f} as LIBLINEAR vectors (1-based indices), scaled by {@code s}, plus the bias feature. */
    static Feature[][] vectors(LabelledFeatures f, FeatureScaling.Scaler s) {
        Feature[][] x = new Feature[f.rows()][];
        int d = f.dim();
        for (int i = 0; i < f.rows(); i++) {
            Feature[] row = new Feature[d + 1];
            double[] scaled = s.row(f, i);
            for (int j = 0; j < d; j++) {
                row[j] = new FeatureNode(j + 1, scaled[j]);
            }
            // LIBLINEAR's bias term is a constant last feature that the caller appends (index d + 1).
            row[d] = new FeatureNode(d + 1, 1.0);
            x[i] = row;
        }
        return x;
    }

    /** Trains on the rows {@code rows} of {@code x} (all when null). Seeded: LIBLINEAR shuffles in the dual solvers. */
    static Model train(Feature[][] x, int[] labels, int[] rows, int dim, SolverType solver, double cost, long seed) {
        int l = rows == null ? x.length : rows.length;
        Problem p = new Problem();
        p.l = l;
        p.n = dim + 1;
        p.bias = 1;
        p.x = new Feature[l][];
        p.y = new double[l];
        for (int r = 0; r < l; r++) {
            int i = rows == null ? r : rows[r];
            p.x[r] = x[i];
            p.y[r] = labels[i];
        }
        Parameter param = new Parameter(solver, cost, EPS);
        param.setRandom(new Random(seed));
        return Linear.train(p, param);
    }

    /**
     * Decision values of {@code model} for each of {@code rows} of {@code x}, as {@code [row][class]}
     * over classes 0..numClasses-1; classes absent from training score -∞.
     */
    static double[][] scores(Model model, Feature[][] x, int[] rows, int numClasses) {
        int[] modelLabels = model.getLabels();
        int l = rows == null ? x.length : rows.length;
        double[][] out = new double[l][numClasses];
        double[] dec = new double[modelLabels.length];
        for (int r = 0; r < l; r++) {
            Linear.predictValues(model, x[rows == null ? r : rows[r]], dec);
            java.util.Arrays.fill(out[r], Double.NEGATIVE_INFINITY);
            if (modelLabels.length == 2) {
                // LIBLINEAR keeps one decision function for two classes: positive means the first label.
                out[r][modelLabels[0]] = dec[0];
                out[r][modelLabels[1]] = -dec[0];
            } else {
                for (int c = 0; c < modelLabels.length; c++) {
                    out[r][modelLabels[c]] = dec[c];
                }
            }
        }
        return out;
    }

    /** {@code values[rows[r]]} for every r; {@code values} itself when rows is null. */
    static int[] gather(int[] labels, int[] rows) {
        if (rows == null) {
            return labels;
        }
        int[] out = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = labels[rows[r]];
        }
        return out;
    }
}
