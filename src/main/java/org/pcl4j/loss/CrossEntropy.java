package org.pcl4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Supplier;
import org.pcl4j.model.Scoped;
import org.pcl4j.tensor.Tensors;

/** Softmax cross-entropy over the rows of a logits matrix, shared by InfoNCE and ProtoNCE. */
public final class CrossEntropy {

    private CrossEntropy() {}

    /**
     * Mean over rows i of −log softmax(logits_i)[target_i] (log-softmax subtracts the row max:
     * numerically stable), and the fraction of rows whose arg-max is their target, both as scalars on
     * the logits' device: nothing is read back, so a GPU can run ahead of the host.
     *
     * @param target int64, one column index per row (shape R), on the logits' device and owned by the
     *     engine (gather saves it for the backward pass: see {@link org.pcl4j.tensor.Tensors})
     */
    public static LossTerm of(NDArray logits, NDArray target) {
        long rows = logits.getShape().get(0);
        if (target.getShape().dimension() != 1 || target.getShape().get(0) != rows) {
            throw new IllegalArgumentException(target.getShape() + " targets for " + rows + " rows");
        }
        NDArray loss = Scoped.compute(() -> logits.logSoftmax(1).gather(target.reshape(rows, 1), 1).mean().neg());
        // hits / rows in float32, the same rounding as the host's (float) hits / rows
        NDArray accuracy = Scoped.compute(() -> rows == 0 ? Tensors.scalar(logits, 0f)
                : Tensors.div(logits.argMax(1).eq(target).sum().toType(DataType.FLOAT32, false), rows));
        return new LossTerm(loss, accuracy);
    }

    /** As {@link #of(NDArray, NDArray)} with targets from the host (e.g. class labels), copied to the logits' device. */
    public static LossTerm of(NDArray logits, int[] targets) {
        return scoped(() -> of(logits, Tensors.indices(logits.getManager(), targets)));
    }

    /** Target 0 for each of {@code rows} rows (InfoNCE: the positive key is column 0), made on {@code like}'s device. */
    static NDArray firstColumn(NDArray like, long rows) {
        return like.getManager().zeros(new Shape(rows), DataType.INT64);
    }

    /** Target i for row i of {@code rows} (ProtoNCE: row i's positive prototype is column i), made on {@code like}'s device. */
    static NDArray diagonal(NDArray like, long rows) {
        return like.getManager().arange(0, Math.toIntExact(rows), 1, DataType.INT64);
    }

    /**
     * Computes a loss term in its own {@link NDScope}: the temporaries (logits, gathered
     * prototypes, ...) are closed, the loss and the accuracy join the caller's scope.
     */
    static LossTerm scoped(Supplier<LossTerm> f) {
        LossTerm term;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            term = f.get();
            NDScope.unregister(term.loss());
            NDScope.unregister(term.accuracy());
        }
        NDScope.register(term.loss());
        NDScope.register(term.accuracy());
        return term;
    }
}
