package org.pcl4j.eval;

/** Top-k accuracy from per-class scores, shared by every classifier of this package. */
public final class Accuracy {
    private Accuracy() {}

    /**
     * Whether {@code label} is among the {@code k} best-scored classes. Ties go to the lower class
     * index, the same rule as {@link #argmax}, so top-1 hits agree with the predicted class.
     */
    public static boolean inTopK(double[] scores, int label, int k) {
        if (label >= scores.length) {
            return false;
        }
        double s = scores[label];
        int better = 0;
        for (int c = 0; c < scores.length; c++) {
            if (scores[c] > s || (scores[c] == s && c < label)) {
                better++;
            }
        }
        return better < k;
    }

    /** Index of the highest score, the lowest index among ties. */
    public static int argmax(double[] scores) {
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Fraction of rows whose label is in the top {@code k} of its scores. */
    public static double topK(double[][] scores, int[] labels, int k) {
        int hits = 0;
        for (int i = 0; i < labels.length; i++) {
            if (inTopK(scores[i], labels[i], k)) {
                hits++;
            }
        }
        return labels.length == 0 ? 0 : (double) hits / labels.length;
    }

    /**
     * Non-interpolated average precision of one class: rank by score (descending), average the
     * precision at the rank of each positive (scikit-learn's {@code average_precision_score} without ties).
     */
    public static double averagePrecision(double[] scores, boolean[] positive) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int hits = 0;
        double sum = 0;
        for (int r = 0; r < order.length; r++) {
            if (positive[order[r]]) {
                hits++;
                sum += (double) hits / (r + 1);
            }
        }
        return hits == 0 ? 0 : sum / hits;
    }

    /** Mean over classes 0..C-1 present in {@code labels} of the one-vs-rest average precision of column c. */
    public static double meanAveragePrecision(double[][] scores, int[] labels, int numClasses) {
        double total = 0;
        int present = 0;
        for (int c = 0; c < numClasses; c++) {
            double[] col = new double[labels.length];
            boolean[] pos = new boolean[labels.length];
            boolean any = false;
            for (int i = 0; i < labels.length; i++) {
                col[i] = scores[i][c];
                pos[i] = labels[i] == c;
                any |= pos[i];
            }
            if (any) {
                total += averagePrecision(col, pos);
                present++;
            }
        }
        return present == 0 ? 0 : total / present;
    }
}
