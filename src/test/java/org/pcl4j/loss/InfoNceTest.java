package org.pcl4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class InfoNceTest {

    // B = 4 queries of dim 3, their keys, and a queue of r = 2 negatives.
    static final float[][] Q = {{1, 0, 0}, {0, 1, 0}, {0.6f, 0.8f, 0}, {0, 0, 1}};
    static final float[][] K = {{0.8f, 0.6f, 0}, {0, 1, 0}, {1, 0, 0}, {0, 0.6f, 0.8f}};
    static final float[][] QUEUE = {{0, 1, 0}, {0, 0, 1}};
    static final float TAU = 0.5f;

    /**
     * Plain-double reference: logits_i = [q_i·k_i, q_i·n_1, q_i·n_2] / τ,
     * loss = mean_i (log Σ_j exp(logits_ij) − logits_i0).
     */
    static double expectedLoss() {
        double total = 0;
        for (int i = 0; i < Q.length; i++) {
            double[] logits = new double[1 + QUEUE.length];
            logits[0] = dot(Q[i], K[i]) / TAU;
            for (int j = 0; j < QUEUE.length; j++) {
                logits[1 + j] = dot(Q[i], QUEUE[j]) / TAU;
            }
            double sum = 0;
            for (double l : logits) {
                sum += Math.exp(l);
            }
            total += Math.log(sum) - logits[0];
        }
        return total / Q.length;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += (double) a[d] * b[d];
        }
        return s;
    }

    static NDArray matrix(NDManager m, float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return m.create(flat, new Shape(rows.length, rows[0].length));
    }

    @Test
    void matchesHandComputedLossAndAccuracy() {
        // Row by row (logits ×2): row 0 [1.6, 0, 0] hit; row 1 [2, 2, 0] tie → arg-max 0, hit;
        // row 2 [1.2, 1.6, 0] miss; row 3 [1.6, 0, 2] miss → accuracy 2/4.
        // Row 0 by hand: log(e^1.6 + 2) − 1.6 = log(4.953032 + 2) − 1.6 = 0.339178.
        assertThat(Math.log(Math.exp(1.6) + 2) - 1.6).isCloseTo(0.339178, within(1e-6));
        try (NDManager m = NDManager.newBaseManager()) {
            LossTerm term = InfoNce.compute(matrix(m, Q), matrix(m, K), matrix(m, QUEUE), TAU);
            assertThat(term.loss().getShape().isScalar()).isTrue();
            assertThat((double) term.loss().getFloat()).isCloseTo(expectedLoss(), within(1e-5));
            assertThat(term.accuracy().getFloat()).isEqualTo(0.5f);
        }
    }

    @Test
    void stableForLargeLogitsAndGradientOnlyIntoQ() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = matrix(m, Q);
            NDArray k = matrix(m, K);
            q.setRequiresGradient(true);
            k.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // τ = 0.001: logits up to 1000, exp would overflow without the log-softmax shift
                LossTerm term = InfoNce.compute(q, k, matrix(m, QUEUE), 0.001f);
                assertThat(Float.isFinite(term.loss().getFloat())).isTrue();
                gc.backward(term.loss());
            }
            assertThat(q.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
            assertThat(k.getGradient().abs().sum().getFloat()).isZero();
        }
    }
}
