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
public final class MomentumUpdate implements AutoCloseable {

    /** m of the paper (ALGORITHM.md §1). */
    public static final float DEFAULT_MOMENTUM = 0.999f;

    private final Encoder key;
    private final Encoder query;
    private final float momentum;
    /** m and 1−m as engine tensors on the parameters' device, made once: every step reuses them. */
    private NDArray m;
    private NDArray oneMinusM;

    /**
     * The update of {@code key} towards {@code query}; it owns two scalar tensors until {@link #close()}.
     *
     * @throws IllegalArgumentException when {@code momentum} is outside [0, 1] or the encoders differ
     */
    public MomentumUpdate(Encoder key, Encoder query, float momentum) {
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("momentum must be in [0,1], got " + momentum);
        }
        key.requireSameArchitecture(query);
        this.key = key;
        this.query = query;
        this.momentum = momentum;
    }

    /**
     * θ'(key) ← m·θ'(key) + (1−m)·θ(query), in place. The scalars are made on the first call and kept:
     * on a GPU each new scalar is a kernel launch, and this runs once per parameter per step.
     */
    public void apply() {
        List<ai.djl.nn.Parameter> keyParams = key.trainableParameters();
        List<ai.djl.nn.Parameter> queryParams = query.trainableParameters();
        if (m == null) {
            NDArray like = keyParams.get(0).getArray();
            m = Tensors.ownedScalar(like, momentum);
            oneMinusM = Tensors.ownedScalar(like, 1f - momentum);
        }
        for (int i = 0; i < keyParams.size(); i++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray theta = queryParams.get(i).getArray().stopGradient();
                keyParams.get(i).getArray().muli(m).addi(theta.mul(oneMinusM));
            }
        }
    }

    @Override
    public void close() {
        if (m != null) {
            m.close();
            oneMinusM.close();
            m = null;
            oneMinusM = null;
        }
    }
}
