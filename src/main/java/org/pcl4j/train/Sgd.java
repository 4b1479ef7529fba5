package org.pcl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.pcl4j.model.ParameterVector;
import org.pcl4j.tensor.Tensors;

/**
 * SGD with momentum and weight decay, with PyTorch's semantics (ALGORITHM.md §3.5; the reference uses
 * {@code torch.optim.SGD}): {@code g = ∇ + wd·θ; b = μ·b + g (b = g on the first step); θ -= lr·b}.
 *
 * <p>Why not DJL's {@code Sgd}: its momentum buffers are private, and an exact {@code --resume}
 * (spec'd to continue exactly where an uninterrupted run would be) needs them in the checkpoint.
 *
 * <p>The update runs on {@link ParameterVector}s: an encoder's learnable parameters are slices of one
 * vector, so its whole update is a few tensor operations (plus zeroing each gradient) instead of a few
 * per parameter tensor; a loose parameter is a vector of its own. The arithmetic is element-wise, so
 * the result does not depend on the grouping.
 */
public final class Sgd implements AutoCloseable {
    private final List<ParameterVector> groups;
    private final float momentum;
    private final float weightDecay;
    /** One momentum buffer per group, laid out as its vector (empty before the first step). */
    private final List<NDArray> buffers = new ArrayList<>();
    /** The buffers as per-parameter views, in parameter order (for checkpoints). */
    private final List<NDArray> bufferViews = new ArrayList<>();
    /** μ, wd and 0 as engine tensors, made on the first step and kept (see {@link #step}). */
    private NDArray momentumScalar;
    private NDArray weightDecayScalar;
    private NDArray zero;

    /** SGD over loose parameters (each its own vector). */
    public Sgd(List<Parameter> parameters, float momentum, float weightDecay) {
        this(momentum, weightDecay, parameters.stream().map(ParameterVector::of).toList());
    }

    private Sgd(float momentum, float weightDecay, List<ParameterVector> groups) {
        this.groups = List.copyOf(groups);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /** SGD over parameter vectors (e.g. an encoder's {@link org.pcl4j.model.Encoder#parameterVector()}). */
    public static Sgd over(List<ParameterVector> vectors, float momentum, float weightDecay) {
        return new Sgd(momentum, weightDecay, vectors);
    }

    /**
     * Applies one update with the gradients accumulated by the last backward pass, then zeroes them
     * (DJL's PyTorch gradient collector accumulates across backward passes).
     */
    public void step(float lr) {
        if (groups.isEmpty()) {
            return; // nothing to update, and no parameter to take the scalars' device from
        }
        boolean first = buffers.isEmpty();
        if (zero == null) {
            // The constant scalars once, on the parameters' device: on a GPU each new scalar is a kernel launch.
            NDArray like = groups.get(0).values();
            momentumScalar = Tensors.ownedScalar(like, momentum);
            weightDecayScalar = Tensors.ownedScalar(like, weightDecay);
            zero = Tensors.ownedScalar(like, 0f);
        }
        // The scope closes every temporary (gradients, products, the step's lr); only new buffers survive it.
        try (NDScope scope = new NDScope()) {
            NDArray lrScalar = Tensors.scalar(groups.get(0).values(), lr);
            for (int i = 0; i < groups.size(); i++) {
                ParameterVector group = groups.get(i);
                NDArray weight = group.values();
                NDArray g = group.takeGradient(zero).addi(weight.mul(weightDecayScalar));
                if (first) {
                    keep(group, g);
                } else {
                    buffers.get(i).muli(momentumScalar).addi(g);
                }
                weight.subi(buffers.get(i).mul(lrScalar));
            }
        }
    }

    /** Makes {@code buffer} (laid out as {@code group}'s vector) the group's momentum buffer. */
    private void keep(ParameterVector group, NDArray buffer) {
        NDScope.unregister(buffer);
        buffer.attach(group.values().getManager());
        buffers.add(buffer);
        for (NDArray view : group.split(buffer)) {
            NDScope.unregister(view);
            bufferViews.add(view);
        }
    }

    /** Momentum buffers per parameter, in parameter order (empty before the first step), for checkpoints. */
    public List<NDArray> buffers() {
        return bufferViews;
    }

    /**
     * Restores buffers saved by {@link #buffers()} (closing them); the optimizer continues from them. An
     * empty list (saved before the first step) restores that state: the next step starts the buffers.
     */
    public void restore(List<NDArray> saved) {
        int expected = groups.stream().mapToInt(g -> g.parameters().size()).sum();
        if (!saved.isEmpty() && saved.size() != expected) {
            throw new IllegalArgumentException("expected momentum buffers for " + expected + " parameters, got " + saved.size());
        }
        close();
        if (saved.isEmpty()) {
            return;
        }
        int from = 0;
        for (ParameterVector group : groups) {
            int n = group.parameters().size();
            keep(group, group.join(saved.subList(from, from + n)));
            from += n;
        }
        saved.forEach(NDArray::close);
    }

    /** Frees the momentum buffers and the kept scalars; the optimizer can step again afterwards. */
    @Override
    public void close() {
        for (NDArray view : bufferViews) {
            view.close(); // a loose parameter's view is its buffer: closing twice is harmless
        }
        bufferViews.clear();
        buffers.forEach(NDArray::close);
        buffers.clear();
        if (zero != null) {
            momentumScalar.close();
            weightDecayScalar.close();
            zero.close();
            momentumScalar = null;
            weightDecayScalar = null;
            zero = null;
        }
    }
}
