package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcl4j.model.ParameterVector;

class SgdTest {
    /** Two steps of PyTorch's SGD by hand: g = ∇ + wd·w; b = μ·b + g (b = g at first); w -= lr·b. */
    @Test
    void followsPyTorchSgdFormulaAndZeroesGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            p.setArray(manager.create(new float[] {1f, -2f}));
            p.getArray().setRequiresGradient(true);
            try (Sgd sgd = new Sgd(List.of(p), 0.9f, 0.1f)) {
                double w0 = 1, w1 = -2;
                double b0 = 0, b1 = 0;
                for (int step = 0; step < 2; step++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        // loss = sum(w²) / 2 → ∇ = w
                        NDArray loss = p.getArray().square().sum().div(2);
                        gc.backward(loss);
                    }
                    double g0 = w0 + 0.1 * w0;
                    double g1 = w1 + 0.1 * w1;
                    b0 = step == 0 ? g0 : 0.9 * b0 + g0;
                    b1 = step == 0 ? g1 : 0.9 * b1 + g1;
                    w0 -= 0.5 * b0;
                    w1 -= 0.5 * b1;
                    // as in a training step: the step's scope closes its arrays, not the optimizer's kept scalars
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        sgd.step(0.5f);
                    }
                    float[] w = p.getArray().toFloatArray();
                    assertThat(w[0]).as("step %d", step).isCloseTo((float) w0, within(1e-6f));
                    assertThat(w[1]).as("step %d", step).isCloseTo((float) w1, within(1e-6f));
                    for (float g : p.getArray().getGradient().toFloatArray()) {
                        assertThat(Math.abs(g)).isZero();
                    }
                }
            }
        }
    }

    /**
     * One vector over two parameters steps exactly as the same two parameters loose (the update is
     * element-wise), with a changing lr, and its per-parameter buffers restore into an optimizer that
     * then continues exactly as the uninterrupted one.
     */
    @Test
    void aVectorStepsBitForBitAsItsParametersLooseAndResumesFromItsBuffers() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] a0 = {0.5f, -1.25f, 2f, 0.125f, -0.75f, 3f};
            float[] b0 = {1.5f, -0.3f, 0.7f};
            Parameter a = param(manager, "a", a0, new Shape(2, 3));
            Parameter b = param(manager, "b", b0, new Shape(3));
            Parameter looseA = param(manager, "a", a0, new Shape(2, 3));
            Parameter looseB = param(manager, "b", b0, new Shape(3));
            ParameterVector vector = ParameterVector.adopt(List.of(a, b), manager);
            float[] lrs = {0.5f, 0.25f, 0.125f, 0.4f};
            try (Sgd grouped = Sgd.over(List.of(vector), 0.9f, 0.1f); Sgd loose = new Sgd(List.of(looseA, looseB), 0.9f, 0.1f);
                    Sgd resumed = new Sgd(List.of(looseA, looseB), 0.9f, 0.1f)) {
                for (int step = 0; step < lrs.length; step++) {
                    if (step == 2) {
                        // the grouped optimizer's buffers after two steps, as a checkpoint holds them (one per parameter)
                        assertThat(grouped.buffers()).extracting(NDArray::getShape).containsExactly(new Shape(2, 3), new Shape(3));
                        resumed.restore(grouped.buffers().stream().map(NDArray::duplicate).toList());
                    }
                    backwardOfCubes(a, b);
                    grouped.step(lrs[step]);
                    backwardOfCubes(looseA, looseB);
                    (step < 2 ? loose : resumed).step(lrs[step]);
                    assertThat(a.getArray().toFloatArray()).as("step %d", step).isEqualTo(looseA.getArray().toFloatArray());
                    assertThat(b.getArray().toFloatArray()).as("step %d", step).isEqualTo(looseB.getArray().toFloatArray());
                }
                assertThat(a.getArray().toFloatArray()).isNotEqualTo(a0);
            }
        }
    }

    private static Parameter param(NDManager manager, String name, float[] values, Shape shape) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(manager.create(values, shape));
        p.getArray().setRequiresGradient(true);
        return p;
    }

    /** loss = Σ w³ / 3 → ∇ = w², so the gradient differs from the weight and changes every step. */
    private static void backwardOfCubes(Parameter... ps) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (Parameter p : ps) {
                NDArray term = p.getArray().pow(3).sum().div(3);
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
    }

    @Test
    void emptyParameterListIsANoOp() {
        try (Sgd sgd = new Sgd(List.of(), 0.9f, 0.1f)) {
            sgd.step(0.5f);
            assertThat(sgd.buffers()).isEmpty();
        }
    }
}
