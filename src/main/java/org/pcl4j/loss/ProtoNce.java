package org.pcl4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.pcl4j.tensor.Tensors;

/** The prototype-wise contrastive term of PCL for one granularity (ALGORITHM.md §3.3). */
public final class ProtoNce {

    /**
     * Added to the logit of a masked duplicate column: exp of it underflows to exactly 0 in the
     * softmax, yet it stays finite so neither the loss nor its gradient can turn into NaN.
     */
    static final float MASKED_LOGIT = -1e9f;

    private ProtoNce() {}

    /**
     * ProtoNCE for one clustering.
     *
     * <p>Columns are the prototypes of {@code positives[0..B-1]} followed by r_proto negative
     * prototypes (see {@link #columns}); logits = q·columnsᵀ with column j divided by the
     * concentration φ of its prototype; the target of row i is column i.
     *
     * @param q              queries B×dim (with gradient)
     * @param positives      pos_i = im2cluster[index_i], one per row of q
     * @param prototypes     L2-normalised centroids K×dim (no gradient flows into them)
     * @param concentration  φ, K values
     * @param maxNegatives   r, the cap on the number of negative prototypes
     * @param maskDuplicates remove, from row i's softmax, the other columns j≠i that are the same
     *                       prototype (pos_j == pos_i); {@code false} reproduces the reference,
     *                       which counts them as negatives (ALGORITHM.md §3.3, known quirk)
     * @param rng            draws the negatives (reproducible from its seed)
     */
    public static LossTerm compute(NDArray q, int[] positives, NDArray prototypes, NDArray concentration,
                                   int maxNegatives, boolean maskDuplicates, Random rng) {
        int k = (int) prototypes.getShape().get(0);
        Columns drawn = Columns.draw(positives, k, maxNegatives, maskDuplicates, rng);
        return compute(q, drawn, Tensors.indices(q.getManager(), drawn.columns()), prototypes, concentration);
    }

    /**
     * ProtoNCE for one clustering with the columns already drawn and on the device (a training step copies
     * them before it queues any work, since a host-to-device copy waits for the device).
     *
     * @param drawn       the columns and whether row duplicates are masked
     * @param columnIndex {@code drawn.columns()} as an int64 tensor on q's device
     */
    public static LossTerm compute(NDArray q, Columns drawn, NDArray columnIndex, NDArray prototypes, NDArray concentration) {
        int b = drawn.rows();
        int k = (int) prototypes.getShape().get(0);
        int c = drawn.columns().length;
        if (q.getShape().dimension() != 2 || q.getShape().get(0) != b
                || prototypes.getShape().dimension() != 2 || prototypes.getShape().get(1) != q.getShape().get(1)
                || concentration.getShape().size() != k || columnIndex.getShape().size() != c) {
            throw new IllegalArgumentException("expected q B×d with B=" + b + ", prototypes K×d, K φ values and " + c
                    + " column indices, got " + q.getShape() + ", " + prototypes.getShape() + ", " + concentration.getShape() + ", "
                    + columnIndex.getShape());
        }
        return CrossEntropy.scoped(() -> {
            NDArray selected = prototypes.stopGradient().get(new NDIndex("{}", columnIndex));
            NDArray phi = concentration.stopGradient().reshape(k).get(new NDIndex("{}", columnIndex)).reshape(1, c);
            NDArray logits = q.matMul(selected.transpose()).div(phi);
            if (drawn.masked()) {
                logits = logits.add(duplicateMask(columnIndex.get(new NDIndex("0:{}", b)), c));
            }
            return CrossEntropy.of(logits, CrossEntropy.diagonal(q, b));
        });
    }

    /**
     * The host-side draw of one ProtoNCE term (ALGORITHM.md §3.3).
     *
     * @param columns the prototype of every column: the B positives, then the negatives ({@link ProtoNce#columns})
     * @param rows    B
     * @param masked  whether a duplicate mask is added (masking on, and two rows share a positive)
     */
    public record Columns(int[] columns, int rows, boolean masked) {
        /** Draws the columns of {@code positives} from {@code rng}. */
        public static Columns draw(int[] positives, int k, int maxNegatives, boolean maskDuplicates, Random rng) {
            int[] columns = ProtoNce.columns(positives, k, maxNegatives, rng);
            return new Columns(columns, positives.length, maskDuplicates && hasDuplicates(positives, k));
        }
    }

    /**
     * The prototype index of every column (ALGORITHM.md §3.3): positives[0..B-1], then
     * r_proto = min(maxNegatives, K − #distinct positives) negatives drawn uniformly without
     * replacement from the prototypes that are the positive of no sample in the batch.
     */
    public static int[] columns(int[] positives, int k, int maxNegatives, Random rng) {
        if (maxNegatives < 0) {
            throw new IllegalArgumentException("maxNegatives must be >= 0, got " + maxNegatives);
        }
        boolean[] positive = new boolean[k];
        for (int p : positives) {
            if (p < 0 || p >= k) {
                throw new IllegalArgumentException("positive prototype " + p + " outside [0," + k + ")");
            }
            positive[p] = true;
        }
        int[] candidates = new int[k];
        int n = 0;
        for (int c = 0; c < k; c++) {
            if (!positive[c]) {
                candidates[n++] = c;
            }
        }
        int rProto = Math.min(maxNegatives, n);
        // Partial Fisher-Yates over the ascending candidates: uniform, without replacement, and
        // reproducible from rng alone.
        for (int i = 0; i < rProto; i++) {
            int j = i + rng.nextInt(n - i);
            int t = candidates[i];
            candidates[i] = candidates[j];
            candidates[j] = t;
        }
        int[] columns = new int[positives.length + rProto];
        System.arraycopy(positives, 0, columns, 0, positives.length);
        System.arraycopy(candidates, 0, columns, positives.length, rProto);
        return columns;
    }

    /** Whether two rows share a positive prototype (then {@link #duplicateMask} hides something). */
    private static boolean hasDuplicates(int[] positives, int k) {
        boolean[] seen = new boolean[k];
        for (int p : positives) {
            if (seen[p]) {
                return true;
            }
            seen[p] = true;
        }
        return false;
    }

    /**
     * Additive B×C mask hiding column j≠i (j &lt; B) from row i when pos_j == pos_i ({@link #MASKED_LOGIT},
     * else 0), built on the device from the positives' prototype ids (B, int64) rather than copied from
     * the host.
     */
    private static NDArray duplicateMask(NDArray positiveIds, int c) {
        int b = (int) positiveIds.getShape().get(0);
        NDArray same = positiveIds.reshape(b, 1).eq(positiveIds.reshape(1, b));
        NDArray offDiagonal = positiveIds.getManager().eye(b).eq(0f);
        NDArray mask = Tensors.mul(same.logicalAnd(offDiagonal).toType(DataType.FLOAT32, false), MASKED_LOGIT);
        return c == b ? mask : mask.concat(positiveIds.getManager().zeros(new Shape(b, c - b)), 1);
    }
}
