package org.pcl4j.tensor;

/** Row-wise arithmetic on row-major Java arrays (rows × dim floats), where no tensor is needed. */
public final class Rows {
    private Rows() {}

    /**
     * Each row over its L2 norm, x / max(‖x‖, 1e-12) with the norm summed in double, like
     * {@code torch.nn.functional.normalize} in the reference: an all-zero row stays zero.
     */
    public static float[] normalize(float[] rows, int dim) {
        float[] out = new float[rows.length];
        for (int r = 0; r < rows.length / dim; r++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += (double) rows[r * dim + j] * rows[r * dim + j];
            }
            double scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
            for (int j = 0; j < dim; j++) {
                out[r * dim + j] = (float) (rows[r * dim + j] * scale);
            }
        }
        return out;
    }

    /**
     * Index of the first NaN or ±∞ in {@code values}, or -1 when all are finite. Every protocol that reads
     * features from outside (files, an encoder) checks them with this: one NaN makes a score NaN, which
     * no comparison ranks, and a t-SNE quadtree without finite bounds never stops splitting.
     */
    public static long firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What is wrong with {@code values} (rows of {@code cols}), in the words every reader of features uses, or null when
     * all are finite: "NaN or infinite value (NaN) at row 3, column 5; expected finite numbers".
     */
    public static String nonFinite(float[] values, int cols) {
        long bad = firstNonFinite(values);
        return bad < 0 ? null : "NaN or infinite value (" + values[(int) bad] + ") at row " + bad / cols + ", column " + bad % cols
                + "; expected finite numbers";
    }
}
