package org.pcl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.pcl4j.tensor.Tensors;

/**
 * SGD with momentum and weight decay, with PyTorch's semantics (ALGORITHM.md §3.5; the reference uses
 * {@code torch.optim.SGD}): {@code g = ∇ + wd·θ; b = μ·b + g (b = g on the first step); θ -= lr·b}.
 *
 * <p>Why not DJL's {@code Sgd}: its momentum buffers are private, and an exact {@code --resume}
 * (spec'd to continue exactly where an uninterrupted run would be) needs them in the checkpoint.
 * The update itself is three in-place tensor operations per parameter on DJL arrays.
 */
public final class Sgd implements AutoCloseable {
    private final List<Parameter> parameters;
    private final float momentum;
    private final float weightDecay;
    private final List<NDArray> buffers = new ArrayList<>();
    /** μ, wd and 0 as engine tensors, made on the first step and kept (see {@link #step}). */
    private NDArray momentumScalar;
    private NDArray weightDecayScalar;
    private NDArray zero;

    public Sgd(List<Parameter> parameters, float momentum, float weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /**
     * Applies one update with the gradients accumulated by the last backward pass, then zeroes them
     * (DJL's PyTorch gradient collector accumulates across backward passes).
     */
    public void step(float lr) {
        if (parameters.isEmpty()) {
            return; // nothing to update, and no parameter to take the scalars' device from
        }
        boolean first = buffers.isEmpty();
        if (zero == null) {
            // The constant scalars once, on the parameters' device: on a GPU each new scalar is a kernel launch.
            NDArray like = parameters.get(0).getArray();
            momentumScalar = Tensors.ownedScalar(like, momentum);
            weightDecayScalar = Tensors.ownedScalar(like, weightDecay);
            zero = Tensors.ownedScalar(like, 0f);
        }
        // The scope closes every temporary (gradient handles, products, the step's lr); only new buffers survive it.
        try (NDScope scope = new NDScope()) {
            NDArray lrScalar = Tensors.scalar(parameters.get(0).getArray(), lr);
            for (int i = 0; i < parameters.size(); i++) {
                NDArray weight = parameters.get(i).getArray();
                NDArray grad = weight.getGradient();
                NDArray g = grad.add(weight.mul(weightDecayScalar));
                if (first) {
                    NDScope.unregister(g);
                    g.attach(weight.getManager());
                    buffers.add(g);
                } else {
                    buffers.get(i).muli(momentumScalar).addi(g);
                }
                weight.subi(buffers.get(i).mul(lrScalar));
                grad.muli(zero);
            }
        }
    }

    /** Momentum buffers in parameter order (empty before the first step), for checkpoints. */
    public List<NDArray> buffers() {
        return buffers;
    }

    /** Restores buffers saved by {@link #buffers()}; they are attached to the parameters' manager. */
    public void restore(List<NDArray> saved) {
        close();
        for (int i = 0; i < saved.size(); i++) {
            NDArray b = saved.get(i);
            b.attach(parameters.get(i).getArray().getManager());
            buffers.add(b);
        }
    }

    /** Frees the momentum buffers and the kept scalars; the optimizer can step again afterwards. */
    @Override
    public void close() {
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
