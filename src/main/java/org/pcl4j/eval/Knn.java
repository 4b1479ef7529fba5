package org.pcl4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.pcl4j.SettingException;
import org.pcl4j.cluster.Concentration;
import org.pcl4j.tensor.Tensors;
import org.pcl4j.model.Devices;

/**
 * Weighted k-nearest-neighbour classification of frozen features (ALGORITHM.md §7, the kNN monitor):
 * L2-normalised train features are the memory, each test feature votes with its {@code k} most
 * cosine-similar train features, each neighbour weighted {@code exp(sim / T)}; the class with the
 * largest summed weight is the prediction.
 *
 * <p>The trainer's per-epoch monitor and {@code pcl4j eval knn} both call {@link #classify}.
 */
public final class Knn {
    /** Neighbours per vote (ALGORITHM.md §7). */
    public static final int DEFAULT_K = 200;
    /** Temperature of the vote weights exp(sim / T) (ALGORITHM.md §7). */
    public static final float DEFAULT_TEMPERATURE = 0.1f;

    private Knn() {}

    /**
     * @param k          neighbours per vote; capped at the number of train rows
     * @param top1, top5 fraction of test rows whose label is the best / among the 5 best voted classes
     */
    public record KnnResult(int k, float temperature, int trainSize, int testSize, double top1, double top5) implements EvalReport {
        @Override
        public Table table() {
            return new Table("kNN (k=" + k + ", T=" + temperature + ", cosine, weighted vote; " + trainSize + " train, "
                    + testSize + " test)", List.of("metric", "value"),
                    List.of(List.of("top-1", Table.fmt(top1)), List.of("top-5", Table.fmt(top5))));
        }
    }

    /**
     * The settings {@code k} ({@code >= 1}) and {@code temperature} (finite, {@code > 0}: a NaN makes every
     * vote weight NaN, so no label is ever a hit, and +∞ makes every weight 1, a plain count); callers
     * that embed first (minutes) check them before they start.
     */
    public static void checkSettings(int k, float temperature) {
        if (k < 1) {
            throw new SettingException("k", "{k}: expected at least 1 neighbour, got " + k);
        }
        Concentration.checkTemperature(temperature);
    }

    /**
     * Classifies every test row and scores top-1 / top-5 against {@code testLabels}. Similarities
     * are computed on the device of {@code trainFeatures}, in blocks of test rows.
     *
     * @param trainFeatures (N, d) float
     * @param testFeatures  (Q, d) float, same device
     * @param numClasses    labels are in [0, numClasses)
     */
    public static KnnResult classify(NDArray trainFeatures, int[] trainLabels, NDArray testFeatures, int[] testLabels,
                                     int numClasses, int k, float temperature) {
        int n = (int) trainFeatures.getShape().get(0);
        int q = (int) testFeatures.getShape().get(0);
        if (trainLabels.length != n || testLabels.length != q) {
            throw new IllegalArgumentException("labels: expected " + n + " train and " + q + " test, got "
                    + trainLabels.length + " and " + testLabels.length);
        }
        checkSettings(k, temperature);
        int kk = Math.min(k, n);
        NearestNeighbours.Result nn;
        try (NDScope scope = new NDScope()) {
            NDArray memory = trainFeatures.normalize(2, 1, 1e-12);
            NDArray queries = testFeatures.normalize(2, 1, 1e-12);
            nn = NearestNeighbours.search(queries, memory, null, kk);
            scope.suppressNotUsedWarning();
        }
        int hits1 = 0;
        int hits5 = 0;
        double[] votes = new double[numClasses];
        for (int i = 0; i < q; i++) {
            // -∞ = no neighbour voted for the class: Accuracy.inTopK never counts it as a hit, where a 0
            // would tie with every other unvoted class and could reach the top 5 by index alone.
            java.util.Arrays.fill(votes, Double.NEGATIVE_INFINITY);
            double shift = expShift(nn.scores()[i], kk, temperature);
            for (int j = 0; j < kk; j++) {
                int c = trainLabels[nn.indices()[i][j]];
                double w = StrictMath.exp((nn.scores()[i][j] - shift) / temperature);
                votes[c] = votes[c] == Double.NEGATIVE_INFINITY ? w : votes[c] + w;
            }
            hits1 += Accuracy.inTopK(votes, testLabels[i], 1) ? 1 : 0;
            hits5 += Accuracy.inTopK(votes, testLabels[i], 5) ? 1 : 0;
        }
        return new KnnResult(kk, temperature, n, q, (double) hits1 / q, (double) hits5 / q);
    }

    /** Beyond this exponent a weight exp(s/T) leaves the doubles' comfortable range (exp(709.8) overflows). */
    private static final double MAX_EXPONENT = 700;

    /**
     * What a query's similarities are measured from in its weights exp((s − shift)/T): 0, so the weights are exactly
     * exp(s/T) as ALGORITHM.md §7 writes them, unless the largest would overflow (or the largest underflow to 0) at
     * this temperature; then the largest similarity. A common factor of one query's weights leaves its vote as it was,
     * where an infinite weight tied every class a near neighbour voted for (top-1 0.32 instead of 0.80 at T = 0.001).
     */
    static double expShift(float[] scores, int k, float temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, scores[j]);
        }
        return Math.abs(max / temperature) > MAX_EXPONENT ? max : 0;
    }

    /**
     * {@link #classify(NDArray, int[], NDArray, int[], int, int, float)} on Java arrays, on the default
     * device; labels may be any values {@code >= 0} ({@link LabelledFeatures#withDenseLabels}).
     */
    public static KnnResult classify(LabelledFeatures train, LabelledFeatures test, int k, float temperature) {
        LabelledFeatures[] dense = LabelledFeatures.trainAndTest(train, test); // the vote array has one slot per class
        train = dense[0];
        test = dense[1];
        try (NDManager manager = Devices.newManager()) {
            NDArray tr = Tensors.of(manager, train.features(), new Shape(train.rows(), train.dim()));
            NDArray te = Tensors.of(manager, test.features(), new Shape(test.rows(), test.dim()));
            int numClasses = Math.max(train.numClasses(), test.numClasses());
            return classify(tr, train.labels(), te, test.labels(), numClasses, k, temperature);
        }
    }
}
