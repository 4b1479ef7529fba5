package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

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

    @Test
    void emptyParameterListIsANoOp() {
        try (Sgd sgd = new Sgd(List.of(), 0.9f, 0.1f)) {
            sgd.step(0.5f);
            assertThat(sgd.buffers()).isEmpty();
        }
    }
}
