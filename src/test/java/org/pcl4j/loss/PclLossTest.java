package org.pcl4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pcl4j.loss.InfoNceTest.dot;
import static org.pcl4j.loss.InfoNceTest.matrix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcl4j.tensor.Tensors;

/**
 * PclLoss alone: the composition of ALGORITHM.md §3.4 (instance term + mean over granularities of the
 * prototype terms), both ablations and the duplicate mask, against plain-double references.
 */
class PclLossTest {
    // B = 4 queries and their keys (dim 3), a queue of 2, K = 4 prototypes with φ.
    static final float[][] Q = ProtoNceTest.Q;
    static final float[][] K = {{0.8f, 0.6f, 0}, {1, 0, 0}, {0, 0.6f, 0.8f}, {0.6f, 0, 0.8f}};
    static final float[][] QUEUE = {{0, 1, 0}, {0, 0, 1}};
    static final float TAU = 0.2f;
    static final int[] INDICES = {0, 1, 2, 3};
    // Granularity A: samples 0 and 1 share prototype 0, one prototype (3) is left as the negative.
    static final int[] POS_A = ProtoNceTest.POSITIVES;
    static final int[] COLS_A = {0, 0, 1, 2, 3};
    // Granularity B: four distinct positives, no negative left (r_proto = K − 4 = 0).
    static final int[] POS_B = {3, 2, 1, 0};
    static final int[] COLS_B = {3, 2, 1, 0};

    static double instance() {
        double total = 0;
        for (int i = 0; i < Q.length; i++) {
            double pos = dot(Q[i], K[i]) / TAU;
            double sum = Math.exp(pos);
            for (float[] n : QUEUE) {
                sum += Math.exp(dot(Q[i], n) / TAU);
            }
            total += Math.log(sum) - pos;
        }
        return total / Q.length;
    }

    static double proto(int[] positives, int[] cols, boolean mask) {
        double total = 0;
        for (int i = 0; i < Q.length; i++) {
            double sum = 0;
            double target = 0;
            for (int j = 0; j < cols.length; j++) {
                double logit = dot(Q[i], ProtoNceTest.PROTOTYPES[cols[j]]) / ProtoNceTest.PHI[cols[j]];
                if (j == i) {
                    target = logit;
                }
                if (!(mask && j != i && j < positives.length && positives[j] == positives[i])) {
                    sum += Math.exp(logit);
                }
            }
            total += Math.log(sum) - target;
        }
        return total / Q.length;
    }

    private static List<PrototypeTensors> granularities(NDManager m) {
        NDArray protos = matrix(m, ProtoNceTest.PROTOTYPES);
        NDArray phi = Tensors.of(m, ProtoNceTest.PHI);
        return List.of(new PrototypeTensors(protos, phi, POS_A), new PrototypeTensors(protos, phi, POS_B));
    }

    private static PclLoss.Result compute(NDManager m, PclLoss loss, List<PrototypeTensors> prototypes) {
        return loss.compute(matrix(m, Q), matrix(m, K), matrix(m, QUEUE), prototypes, INDICES, 7);
    }

    @Test
    void lossIsTheInstanceTermPlusTheMeanOfThePrototypeTerms() {
        try (NDManager m = NDManager.newBaseManager()) {
            PclLoss.Result r = compute(m, new PclLoss(TAU, true, true, true, 16), granularities(m));
            double protoMean = (proto(POS_A, COLS_A, true) + proto(POS_B, COLS_B, true)) / 2;
            assertThat((double) r.read().instanceLoss()).isCloseTo(instance(), within(1e-5));
            assertThat((double) r.read().protoLoss()).isCloseTo(protoMean, within(1e-5));
            assertThat((double) r.loss().getFloat()).isCloseTo(instance() + protoMean, within(1e-5));
            // q·k vs the best queue entry: row 0 0.8 vs 0, row 1 0.8 vs 0.6 (hits); row 2 0.6 vs 1, row 3 0.8 vs 1 (misses).
            assertThat(r.read().instanceAccuracy()).isEqualTo(0.5f);
            assertThat(r.read().loss()).as("the figures' loss is the loss back-propagated").isEqualTo(r.loss().getFloat());
            assertThat(r.hasPrototypes()).isTrue();
        }
    }

    @Test
    void drawCopiesEveryGranularitysColumnsInOneIndexAndMarksMaskedOnes() {
        try (NDManager m = NDManager.newBaseManager()) {
            PclLoss loss = new PclLoss(TAU, true, true, true, 16);
            PclLoss.Draw d = loss.draw(granularities(m), INDICES, 7, m);
            assertThat(d.columns()).extracting(ProtoNce.Columns::columns).containsExactly(COLS_A, COLS_B);
            assertThat(d.columns()).extracting(ProtoNce.Columns::masked).containsExactly(true, false); // A: rows 0, 1 share 0
            assertThat(d.index().toLongArray()).containsExactly(0, 0, 1, 2, 3, 3, 2, 1, 0);
            assertThat(d.index(1).toLongArray()).containsExactly(3, 2, 1, 0);
            // drawn ahead or inside compute: the same loss
            PclLoss.Result ahead = loss.compute(matrix(m, Q), matrix(m, K), matrix(m, QUEUE), d);
            assertThat(ahead.read()).isEqualTo(compute(m, loss, granularities(m)).read());
            assertThat(loss.draw(List.of(), INDICES, 7, m).columns()).isEmpty();
            assertThat(new PclLoss(TAU, true, false, true, 16).draw(granularities(m), INDICES, 7, m).index()).isNull();
        }
    }

    @Test
    void protoOnlyAblationOptimisesOnlyThePrototypeTermButReportsBoth() {
        try (NDManager m = NDManager.newBaseManager()) {
            PclLoss.Result r = compute(m, new PclLoss(TAU, false, true, true, 16), granularities(m));
            double protoMean = (proto(POS_A, COLS_A, true) + proto(POS_B, COLS_B, true)) / 2;
            assertThat((double) r.loss().getFloat()).isCloseTo(protoMean, within(1e-5));
            assertThat((double) r.read().instanceLoss()).isCloseTo(instance(), within(1e-5));
        }
    }

    @Test
    void instanceOnlyAblationIgnoresPrototypesAndWarmUpHasNone() {
        try (NDManager m = NDManager.newBaseManager()) {
            PclLoss.Result moco = compute(m, new PclLoss(TAU, true, false, true, 16), granularities(m));
            assertThat((double) moco.loss().getFloat()).isCloseTo(instance(), within(1e-5));
            assertThat(moco.read().protoLoss()).isNull();
            assertThat(moco.read().protoAccuracy()).isNull();
            PclLoss.Result warmUp = compute(m, new PclLoss(TAU, true, true, true, 16), List.of());
            assertThat((double) warmUp.loss().getFloat()).isCloseTo(instance(), within(1e-5));
            assertThat(warmUp.read().protoLoss()).isNull();
            assertThatThrownBy(() -> compute(m, new PclLoss(TAU, false, true, true, 16), List.of()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("E-step");
        }
    }

    @Test
    void duplicateMaskSwitchReproducesTheReferenceWhenOff() {
        try (NDManager m = NDManager.newBaseManager()) {
            PclLoss.Result off = compute(m, new PclLoss(TAU, true, true, false, 16), granularities(m));
            double protoMean = (proto(POS_A, COLS_A, false) + proto(POS_B, COLS_B, false)) / 2;
            assertThat((double) off.read().protoLoss()).isCloseTo(protoMean, within(1e-5));
            PclLoss.Result on = compute(m, new PclLoss(TAU, true, true, true, 16), granularities(m));
            assertThat(on.read().protoLoss()).as("masking removes a duplicate positive from the denominator").isLessThan(off.read().protoLoss());
        }
    }

    @Test
    void settingsAreValidatedWhenBuilt() {
        assertThatThrownBy(() -> new PclLoss(0f, true, true, true, 16)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new PclLoss(TAU, false, false, true, 16)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new PclLoss(TAU, true, true, true, -1)).hasMessageContaining("maxNegatives");
    }
}
