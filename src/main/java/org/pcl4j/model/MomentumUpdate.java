package org.pcl4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
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
     * θ'(key) ← m·θ'(key) + (1−m)·θ(query), in place, on the encoders' parameter vectors (three tensor
     * operations, whatever the architecture: see {@link ParameterVector}). The scalars are made on the
     * first call and kept: on a GPU each new scalar is a kernel launch.
     */
    public void apply() {
        NDArray keyTheta = key.parameterVector().values();
        if (m == null) {
            m = Tensors.ownedScalar(keyTheta, momentum);
            oneMinusM = Tensors.ownedScalar(keyTheta, 1f - momentum);
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray theta = query.parameterVector().values().stopGradient();
            keyTheta.muli(m).addi(theta.mul(oneMinusM));
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
