package org.pcl4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.function.Supplier;
import org.pcl4j.model.Scoped;
import org.pcl4j.tensor.Tensors;

/** Softmax cross-entropy over the rows of a logits matrix, shared by InfoNCE and ProtoNCE. */
public final class CrossEntropy {

    private CrossEntropy() {}

    /**
     * Mean over rows i of −log softmax(logits_i)[targets[i]] (log-softmax subtracts the row max:
     * numerically stable), and the fraction of rows whose arg-max is their target.
     */
    public static LossTerm of(NDArray logits, int[] targets) {
        long rows = logits.getShape().get(0);
        if (targets.length != rows) {
            throw new IllegalArgumentException(targets.length + " targets for " + rows + " rows");
        }
        long[] target = new long[targets.length];
        for (int i = 0; i < targets.length; i++) {
            target[i] = targets[i];
        }
        NDArray loss = Scoped.compute(() -> {
            // gather saves the index for the backward pass: it must own its memory (see Tensors).
            NDArray index = Tensors.of(logits.getManager(), target, new Shape(rows, 1));
            return logits.logSoftmax(1).gather(index, 1).mean().neg();
        });
        long[] argMax = Scoped.compute(() -> logits.argMax(1)).toLongArray();
        int hits = 0;
        for (int i = 0; i < argMax.length; i++) {
            if (argMax[i] == target[i]) {
                hits++;
            }
        }
        return new LossTerm(loss, rows == 0 ? 0f : hits / (float) rows);
    }

    /**
     * Computes a loss term in its own {@link NDScope}: the temporaries (logits, gathered
     * prototypes, ...) are closed, the loss joins the caller's scope.
     */
    static LossTerm scoped(Supplier<LossTerm> f) {
        LossTerm term;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            term = f.get();
            NDScope.unregister(term.loss());
        }
        NDScope.register(term.loss());
        return term;
    }
}
