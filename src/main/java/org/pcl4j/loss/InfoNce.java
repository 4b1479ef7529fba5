package org.pcl4j.loss;

import ai.djl.ndarray.NDArray;
import org.pcl4j.tensor.Tensors;

/** The instance-wise contrastive term of MoCo with a queue of negative keys (ALGORITHM.md §3.2). */
public final class InfoNce {

    private InfoNce() {}

    /**
     * logits = [q·k | q·queueᵀ] / τ (B×(1+r)), cross-entropy with target 0 for every row.
     *
     * @param q           queries B×dim (with gradient)
     * @param k           positive keys B×dim (no gradient flows into them)
     * @param queue       negative keys r×dim (no gradient flows into them)
     * @param temperature τ &gt; 0 (0.1 for v1, 0.2 for v2)
     */
    public static LossTerm compute(NDArray q, NDArray k, NDArray queue, float temperature) {
        if (!(temperature > 0f)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        if (!q.getShape().equals(k.getShape()) || queue.getShape().dimension() != 2
                || queue.getShape().get(1) != q.getShape().get(1)) {
            throw new IllegalArgumentException("expected q and k B×d and queue r×d, got "
                    + q.getShape() + ", " + k.getShape() + ", " + queue.getShape());
        }
        return CrossEntropy.scoped(() -> {
            NDArray positive = q.mul(k.stopGradient()).sum(new int[] {1}, true);
            NDArray negative = q.matMul(queue.stopGradient().transpose());
            NDArray logits = Tensors.div(positive.concat(negative, 1), temperature);
            return CrossEntropy.of(logits, CrossEntropy.firstColumn(q, q.getShape().get(0)));
        });
    }
}
