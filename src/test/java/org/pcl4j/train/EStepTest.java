package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pcl4j.TestImages;
import org.pcl4j.cluster.Prototypes;
import org.pcl4j.data.Transforms;
import org.pcl4j.model.Encoder;

class EStepTest {
    @Test
    void everyImageGetsExactlyOneAssignmentWhenNIsNotAMultipleOfTheBatch() {
        TestImages images = TestImages.of(100, 28, 4, 5);
        TrainConfig config = TrainerFixtures.tiny().numClusters(new int[] {3, 7}).build(images.size()); // batch 32: 3 full + 4
        try (NDManager manager = NDManager.newBaseManager();
                Encoder key = Encoder.create(config.encoderConfig(1, 28), manager)) {
            EStep.Result result = EStep.run(key, images, Transforms.eval(images, 28), config, 1, manager, null);
            assertThat(result.prototypes()).hasSize(2);
            for (Prototypes p : result.prototypes()) {
                assertThat(p.assignments()).hasSize(100);
                assertThat(Arrays.stream(p.assignments()).distinct().count()).isEqualTo(p.k()); // no empty cluster
                assertThat(p.concentration()).hasSize(p.k());
                // ALGORITHM.md §2.3: φ is rescaled to mean τ
                double mean = 0;
                for (float phi : p.concentration()) {
                    mean += phi / p.k();
                }
                assertThat(mean).isCloseTo(config.temperature(), org.assertj.core.api.Assertions.within(1e-4));
            }
            assertThat(result.featureSeconds()).isPositive();
        }
    }

    @Test
    void nonFiniteFeaturesAreDivergenceNotBadInput() {
        TestImages images = TestImages.of(40, 28, 4, 5);
        TrainConfig config = TrainerFixtures.tiny().numClusters(new int[] {3}).build(images.size());
        try (NDManager manager = NDManager.newBaseManager();
                Encoder key = Encoder.create(config.encoderConfig(1, 28), manager)) {
            for (ai.djl.nn.Parameter p : key.trainableParameters()) {
                try (ai.djl.ndarray.NDArray nan = manager.full(p.getArray().getShape(), Float.NaN)) {
                    org.pcl4j.tensor.Tensors.assign(p.getArray(), nan);
                }
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> EStep.run(key, images, Transforms.eval(images, 28), config, 1, manager, "run/checkpoint-0001.pcl4j"))
                    .isInstanceOf(TrainingDivergedException.class)
                    .isNotInstanceOf(org.pcl4j.InputException.class)
                    .hasMessageContaining("NaN or infinite feature values in the E-step of epoch 2")
                    .hasMessageContaining("run/checkpoint-0001.pcl4j");
        }
    }
}
