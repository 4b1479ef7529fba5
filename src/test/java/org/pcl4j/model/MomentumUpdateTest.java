package org.pcl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.pcl4j.model.EncoderTest.runningStats;
import static org.pcl4j.model.EncoderTest.values;
import static org.pcl4j.model.TestArrays.randomImages;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MomentumUpdateTest {

    @Test
    void averagesLearnableParametersInPlaceAndLeavesRunningStatsAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            EncoderConfig cfg = new EncoderConfig(Arch.SMALL_CNN, Head.MLP, 8, 1, 28);
            try (Encoder query = Encoder.create(cfg, manager); Encoder key = Encoder.momentumCopyOf(query, manager)) {
                // make θ and θ' differ: perturb θ, and give the key its own running stats
                for (Parameter p : query.trainableParameters()) {
                    p.getArray().addi(0.5f);
                }
                key.embed(randomImages(manager, 4, 1, 28, 1), true);
                float[] theta = values(query.trainableParameters());
                float[] thetaKey = values(key.trainableParameters());
                float[] keyStats = runningStats(key);
                List<NDArray> arrays = new ArrayList<>();
                key.trainableParameters().forEach(p -> arrays.add(p.getArray()));

                float m = 0.9f;
                try (MomentumUpdate ema = new MomentumUpdate(key, query, m)) {
                    ema.apply();
                }

                float[] updated = values(key.trainableParameters());
                for (int i = 0; i < updated.length; i++) {
                    assertThat(updated[i]).isCloseTo(m * thetaKey[i] + (1 - m) * theta[i], within(1e-6f));
                }
                assertThat(runningStats(key)).isEqualTo(keyStats);
                assertThat(values(query.trainableParameters())).isEqualTo(theta);
                for (int i = 0; i < arrays.size(); i++) {
                    assertThat(key.trainableParameters().get(i).getArray()).isSameAs(arrays.get(i));
                    assertThat(arrays.get(i).hasGradient()).isFalse();
                }
                // sanity check of the numbers: the update moved by exactly (1-m)·(θ-θ') = 0.05 on the perturbation
                assertThat(updated[0] - thetaKey[0]).isCloseTo(0.1f * 0.5f, within(1e-5f));

                // a second update from inside a step's scope, with the scalars kept from the first
                try (MomentumUpdate ema = new MomentumUpdate(key, query, m)) {
                    for (int step = 0; step < 2; step++) {
                        try (NDScope scope = new NDScope()) {
                            scope.suppressNotUsedWarning();
                            ema.apply();
                        }
                    }
                }
                float[] thrice = values(key.trainableParameters());
                for (int i = 0; i < thrice.length; i++) {
                    float expected = m * (m * updated[i] + (1 - m) * theta[i]) + (1 - m) * theta[i];
                    assertThat(thrice[i]).isCloseTo(expected, within(1e-6f));
                }
            }
        }
    }

    @Test
    void defaultMomentumIsThePapers() {
        assertThat(MomentumUpdate.DEFAULT_MOMENTUM).isEqualTo(0.999f);
    }
}
