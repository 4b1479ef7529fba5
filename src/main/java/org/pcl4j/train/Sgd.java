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
        boolean first = buffers.isEmpty();
        // The scope closes every temporary (gradient handles, products); only new buffers survive it.
        try (NDScope scope = new NDScope()) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray weight = parameters.get(i).getArray();
                NDArray grad = weight.getGradient();
                NDArray g = grad.add(Tensors.mul(weight, weightDecay));
                if (first) {
                    NDScope.unregister(g);
                    g.attach(weight.getManager());
                    buffers.add(g);
                } else {
                    Tensors.muli(buffers.get(i), momentum).addi(g);
                }
                weight.subi(Tensors.mul(buffers.get(i), lr));
                Tensors.muli(grad, 0f);
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

    @Override
    public void close() {
        buffers.forEach(NDArray::close);
        buffers.clear();
    }
}
