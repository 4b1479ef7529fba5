package org.pcl4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Learnable parameters held as one contiguous vector θ: each parameter's array is a slice of {@link
 * #values()} (a view: the same memory), in parameter order.
 *
 * <p>Why: the optimizer step and the EMA (ALGORITHM.md §3.5, §3.7) are element-wise, so on one vector
 * they are a handful of tensor operations per step instead of a handful per parameter tensor. On a GPU
 * each operation is a kernel launch issued through one JNI call, and at 32 px a ResNet-18 step is short
 * enough that issuing ~600 tiny per-tensor updates holds the device back (docs/BENCHMARKS.md, "What
 * remains (GPU)"). Element-wise arithmetic gives every element the same result whether it runs per
 * tensor or on the vector, so the training step is unchanged to the last bit.
 *
 * <p>A vector over a single parameter ({@link #of}) is that parameter's own array: the optimizer
 * treats every parameter group the same way.
 */
public final class ParameterVector {
    private final List<Parameter> parameters;
    private final NDArray values;
    /** Whether {@link #values} is the one parameter's own array rather than a concatenation. */
    private final boolean single;

    private ParameterVector(List<Parameter> parameters, NDArray values, boolean single) {
        this.parameters = List.copyOf(parameters);
        this.values = values;
        this.single = single;
    }

    /** The vector of one parameter: its own array, whatever its shape. */
    public static ParameterVector of(Parameter parameter) {
        return new ParameterVector(List.of(parameter), parameter.getArray(), true);
    }

    /**
     * Moves the values of initialised {@code parameters} into one new vector in {@code manager} and
     * makes each parameter's array a slice of it (the old arrays are closed). Gradients are required
     * again on the new arrays where the parameter asks for them; the caller does this before any forward
     * pass (a {@code ParameterStore} keeps the arrays it has seen).
     */
    public static ParameterVector adopt(List<Parameter> parameters, NDManager manager) {
        List<Shape> shapes = parameters.stream().map(p -> p.getArray().getShape()).toList();
        NDArray vector;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            vector = flatConcat(parameters.stream().map(p -> p.getArray().stopGradient()).toList(), manager);
            NDScope.unregister(vector);
        }
        vector.attach(manager);
        List<NDArray> slices = slices(vector, shapes);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            NDArray slice = slices.get(i);
            NDScope.unregister(slice);
            // DJL sets a parameter's array once; closing it (array → null) and clearing its shape is the
            // public way to hand it another. The values were copied into the vector above.
            p.close();
            p.setShape(null);
            p.setArray(slice);
            if (p.requiresGradient()) {
                slice.setRequiresGradient(true);
            }
        }
        return new ParameterVector(parameters, vector, false);
    }

    /** The parameters, in vector order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** θ itself: writing it in place writes the parameters. */
    public NDArray values() {
        return values;
    }

    /**
     * ∇θ of the last backward pass laid out as {@link #values()}, as a new array; the parameters' own
     * gradients are then set to {@code zero} (DJL's PyTorch engine accumulates across backward passes).
     * Each gradient is fetched once for both.
     */
    public NDArray takeGradient(NDArray zero) {
        List<NDArray> grads = parameters.stream().map(p -> p.getArray().getGradient()).toList();
        NDArray taken = single ? grads.get(0).duplicate() : flatConcat(grads, values.getManager());
        for (NDArray g : grads) {
            g.muli(zero);
            g.close();
        }
        return taken;
    }

    /** Per-parameter views, shaped as the parameters, of {@code vector} (laid out as {@link #values()}). */
    public List<NDArray> split(NDArray vector) {
        if (single) {
            return List.of(vector);
        }
        return slices(vector, parameters.stream().map(p -> p.getArray().getShape()).toList());
    }

    /** Consecutive views of the 1-D {@code vector}, shaped {@code shapes}, in the vector's manager. */
    private static List<NDArray> slices(NDArray vector, List<Shape> shapes) {
        List<NDArray> out = new ArrayList<>(shapes.size());
        long offset = 0;
        for (Shape shape : shapes) {
            try (NDArray flat = vector.get(new NDIndex("{}:{}", offset, offset + shape.size()))) {
                out.add(flat.reshape(shape)); // a view of a view: closing the flat handle keeps the memory
            }
            offset += shape.size();
        }
        return out;
    }

    /** The inverse of {@link #split}: one array laid out as {@link #values()} from per-parameter arrays (a new array). */
    public NDArray join(List<NDArray> perParameter) {
        if (perParameter.size() != parameters.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " arrays, got " + perParameter.size());
        }
        for (int i = 0; i < perParameter.size(); i++) {
            Shape expected = parameters.get(i).getArray().getShape();
            if (!perParameter.get(i).getShape().equals(expected)) {
                throw new IllegalArgumentException("array " + i + " is " + perParameter.get(i).getShape() + ", expected " + expected);
            }
        }
        return single ? perParameter.get(0).duplicate() : flatConcat(perParameter, values.getManager());
    }

    /**
     * The arrays flattened and concatenated, as a new 1-D array (empty: a 0-length array in {@code
     * manager}); the flattened views are closed (the arrays themselves are not), the result belongs to the caller's
     * scope, if any.
     */
    private static NDArray flatConcat(List<NDArray> arrays, NDManager manager) {
        if (arrays.isEmpty()) {
            return manager.create(new Shape(0));
        }
        NDArray joined;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList flat = new NDList(arrays.size());
            for (NDArray a : arrays) {
                // a 1-D array (a bias, γ, β: two thirds of ResNet-18's tensors) is already flat; flattening it anyway
                // is one more native call per tensor and step (docs/BENCHMARKS.md, "Where a step's host time goes")
                flat.add(a.getShape().dimension() == 1 ? a : a.flatten());
            }
            joined = NDArrays.concat(flat);
            NDScope.unregister(joined);
        }
        NDScope.register(joined);
        return joined;
    }

    /** Number of scalars in θ. */
    public long size() {
        return values.size();
    }
}
