package org.pcl4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;
import org.pcl4j.tensor.Tensors;

/**
 * The exponential moving average of the key encoder (ALGORITHM.md §1): θ' ← m·θ' + (1−m)·θ, applied after
 * every optimizer step.
 *
 * <p>Only the learnable parameters are averaged, in place (the parameter arrays are never
 * re-allocated, so optimizer state and parameter stores stay valid) and on detached values (no
 * gradient graph). BatchNorm running statistics are <em>not</em> averaged: as in MoCo, where the
 * update runs over {@code parameters()} and not buffers, the key encoder's running stats follow its
 * own training-mode forward passes on the key views.
 */
public final class MomentumUpdate {

    /** m of the paper (ALGORITHM.md §1). */
    public static final float DEFAULT_MOMENTUM = 0.999f;

    private MomentumUpdate() {}

    /** θ'(key) ← m·θ'(key) + (1−m)·θ(query), in place. */
    public static void apply(Encoder key, Encoder query, float momentum) {
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("momentum must be in [0,1], got " + momentum);
        }
        key.requireSameArchitecture(query);
        List<ai.djl.nn.Parameter> keyParams = key.trainableParameters();
        List<ai.djl.nn.Parameter> queryParams = query.trainableParameters();
        for (int i = 0; i < keyParams.size(); i++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray theta = queryParams.get(i).getArray().stopGradient();
                Tensors.muli(keyParams.get(i).getArray(), momentum).addi(Tensors.mul(theta, 1f - momentum));
            }
        }
    }
}
