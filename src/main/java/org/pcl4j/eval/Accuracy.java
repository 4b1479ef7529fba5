package org.pcl4j.eval;

/** Top-k accuracy from per-class scores, shared by every classifier of this package. */
public final class Accuracy {
    private Accuracy() {}

    /**
     * Whether {@code label} is among the {@code k} best-scored classes.
     *
     * <p>The rule: classes are ranked by score, highest first, ties going to the lower class index (the
     * same rule as {@link #argmax}, so top-1 hits agree with the predicted class); {@code label} is a hit
     * when its rank is at most {@code k}. Two exceptions make the count never flatter a broken or
     * uninformed classifier:
     * <ul>
     *   <li>a label whose score is {@code NaN} or {@code -∞} is never a hit. {@code -∞} means "no
     *       evidence": a class the classifier never saw in training ({@code Liblinear.scores}) or that no
     *       neighbour voted for ({@link Knn}). Without this, with 4 trained classes every unseen test
     *       label would be "in the top 5", because the unseen classes tie at the bottom and the tie
     *       goes to the lower index;</li>
     *   <li>a {@code NaN} score of another class ranks above every number (it cannot be shown to be
     *       worse than the label's), so NaN anywhere in the row can only turn a hit into a miss.</li>
     * </ul>
     * A label outside {@code [0, scores.length)} (a class the scores do not cover) is a miss.
     */
    public static boolean inTopK(double[] scores, int label, int k) {
        if (label < 0 || label >= scores.length) {
            return false;
        }
        double s = scores[label];
        // NaN compares false with everything, so without this check it would rank first.
        if (Double.isNaN(s) || s == Double.NEGATIVE_INFINITY) {
            return false;
        }
        int better = 0;
        for (int c = 0; c < scores.length; c++) {
            if (c != label && (Double.isNaN(scores[c]) || scores[c] > s || (scores[c] == s && c < label))) {
                better++;
            }
        }
        return better < k;
    }

    /** Index of the highest score, the lowest index among ties; a NaN score wins (as in {@link #inTopK}). */
    public static int argmax(double[] scores) {
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
            if (!Double.isNaN(scores[best]) && (Double.isNaN(scores[c]) || scores[c] > scores[best])) {
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
