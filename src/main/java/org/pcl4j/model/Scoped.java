package org.pcl4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Runs an NDArray computation in its own {@link NDScope} so its temporaries are closed at once,
 * and hands the result to the caller's scope (if any) as if it had been created there.
 *
 * <p>Closing the Java handles of intermediate arrays does not break a later backward pass: the
 * engine's autograd graph keeps its own references to what it saved.
 */
public final class Scoped {

    private Scoped() {}

    /** Computes {@code f} in a fresh scope; the result survives it and joins the enclosing scope. */
    public static NDArray compute(Supplier<NDArray> f) {
        NDArray result;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            result = f.get();
            NDScope.unregister(result);
        }
        NDScope.register(result);
        return result;
    }
}
