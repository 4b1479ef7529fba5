package org.pcl4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.pcl4j.loss.InfoNceTest.dot;
import static org.pcl4j.loss.InfoNceTest.matrix;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtoNceTest {

    // B = 4 queries of dim 3; K = 4 prototypes with their own concentration φ.
    static final float[][] Q = {{1, 0, 0}, {0.8f, 0.6f, 0}, {0, 1, 0}, {0, 0, 1}};
    static final float[][] PROTOTYPES = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.6f, 0, 0.8f}};
    static final float[] PHI = {0.1f, 0.2f, 0.5f, 0.25f};
    // samples 0 and 1 share prototype 0: a duplicate column pair
    static final int[] POSITIVES = {0, 0, 1, 2};

    /**
     * Plain-double reference. Distinct positives {0,1,2} leave one candidate, so with any r ≥ 1
     * the columns are [0, 0, 1, 2, 3]. logit_ij = q_i·p_{col j} / φ_{col j}; with masking, column
     * j≠i with pos_j == pos_i is left out of row i's sum.
     */
    static double expectedLoss(boolean mask) {
        int[] cols = {0, 0, 1, 2, 3};
        double total = 0;
        for (int i = 0; i < Q.length; i++) {
            double sum = 0;
            double target = 0;
            for (int j = 0; j < cols.length; j++) {
                double logit = dot(Q[i], PROTOTYPES[cols[j]]) / PHI[cols[j]];
                if (j == i) {
                    target = logit;
                }
                boolean masked = mask && j != i && j < POSITIVES.length && POSITIVES[j] == POSITIVES[i];
                if (!masked) {
                    sum += Math.exp(logit);
                }
            }
            total += Math.log(sum) - target;
        }
        return total / Q.length;
    }

    private static LossTerm compute(NDManager m, NDArray q, boolean mask) {
        return ProtoNce.compute(q, POSITIVES, matrix(m, PROTOTYPES), m.create(PHI), 16, mask, new Random(1));
    }

    @Test
    void matchesHandComputedLossWithAndWithoutDuplicateMask() {
        // Row 3 by hand: logits [0, 0, 0, 2, 3.2] → log(3 + e^2 + e^3.2) − 2 = log(34.921588) − 2 = 1.553105
        double row3 = Math.log(3 + Math.exp(2) + Math.exp(3.2)) - 2;
        assertThat(row3).isCloseTo(1.553105, within(1e-5));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = matrix(m, Q);
            LossTerm masked = compute(m, q, true);
            LossTerm reference = compute(m, q, false);
            assertThat((double) masked.loss().getFloat()).isCloseTo(expectedLoss(true), within(1e-5));
            assertThat((double) reference.loss().getFloat()).isCloseTo(expectedLoss(false), within(1e-5));
            // Unmasked, rows 0 and 1 see their target logit twice in the sum (≈ +ln 2 each while the
            // target dominates): the mean grows by ≈ 2·ln 2 / 4 = 0.347.
            assertThat((double) (reference.loss().getFloat() - masked.loss().getFloat())).isCloseTo(0.347, within(0.01));
            // Row logits: 0 [10,10,0,0,2.4] 1 [8,8,3,0,1.92] 2 [0,0,5,0,0] 3 [0,0,0,2,3.2].
            // Masked: rows 0,1,2 hit, row 3 misses (prototype 3 wins) → 3/4.
            // Unmasked: row 1's arg-max is the tied column 0 → 2/4.
            assertThat(masked.accuracy().getFloat()).isEqualTo(0.75f);
            assertThat(reference.accuracy().getFloat()).isEqualTo(0.5f);
        }
    }

    @Test
    void maskedLossHasFiniteGradientIntoQOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = matrix(m, Q);
            NDArray prototypes = matrix(m, PROTOTYPES);
            q.setRequiresGradient(true);
            prototypes.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                LossTerm term = ProtoNce.compute(q, POSITIVES, prototypes, m.create(PHI), 16, true, new Random(1));
                gc.backward(term.loss());
            }
            float[] g = q.getGradient().toFloatArray();
            for (float v : g) {
                assertThat(Float.isFinite(v)).isTrue();
            }
            assertThat(q.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
            assertThat(prototypes.getGradient().abs().sum().getFloat()).isZero();
        }
    }

    @Test
    void negativesAreNeverPositivesAndFollowTheRProtoRule() {
        int k = 50;
        Random data = new Random(3);
        int[] positives = new int[16];
        for (int i = 0; i < positives.length; i++) {
            positives[i] = data.nextInt(10) * 5; // at most 10 distinct, multiples of 5
        }
        Set<Integer> distinct = new HashSet<>();
        for (int p : positives) {
            distinct.add(p);
        }
        for (int r : new int[] {0, 7, 20, 1000}) {
            int[] cols = ProtoNce.columns(positives, k, r, new Random(r));
            int rProto = Math.min(r, k - distinct.size());
            assertThat(cols).hasSize(positives.length + rProto);
            assertThat(Arrays.copyOf(cols, positives.length)).isEqualTo(positives);
            int[] negatives = Arrays.copyOfRange(cols, positives.length, cols.length);
            assertThat(negatives).doesNotHaveDuplicates();
            for (int n : negatives) {
                assertThat(distinct).doesNotContain(n);
                assertThat(n).isBetween(0, k - 1);
            }
        }
        assertThat(ProtoNce.columns(positives, k, 20, new Random(9)))
                .isEqualTo(ProtoNce.columns(positives, k, 20, new Random(9)));
        assertThat(ProtoNce.columns(positives, k, 20, new Random(9)))
                .isNotEqualTo(ProtoNce.columns(positives, k, 20, new Random(10)));
    }

    @Test
    void negativesAreDrawnUniformly() {
        int[] positives = {0, 1, 2, 3};
        int k = 24; // 20 candidates
        int[] counts = new int[k];
        Random rng = new Random(4);
        int draws = 10_000;
        for (int t = 0; t < draws; t++) {
            int[] cols = ProtoNce.columns(positives, k, 5, rng);
            for (int j = positives.length; j < cols.length; j++) {
                counts[cols[j]]++;
            }
        }
        double expected = draws * 5 / 20.0; // 2500
        for (int c = 4; c < k; c++) {
            assertThat((double) counts[c]).isCloseTo(expected, within(expected * 0.1));
        }
    }
}
