package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcl4j.TestImages;

/** A short run of every recipe (ALGORITHM.md §4) on a few hundred images: each trains, and each optimises what it should. */
class PresetTrainingTest {
    private final TestImages images = TestImages.of(256, 28, 4, 11);

    @ParameterizedTest
    @ValueSource(strings = {"pcl-v1", "pcl-v2", "moco-v2", "proto-only"})
    void everyRecipeTrainsAndOptimisesItsOwnTerms(String recipe) {
        boolean protoOnly = recipe.equals("proto-only");
        TrainConfig.Builder b = TrainerFixtures.tiny().epochs(3).warmupEpochs(protoOnly ? 0 : 1)
                .preset(Preset.parse(protoOnly ? "pcl-v2" : recipe));
        if (protoOnly) {
            b.instanceLoss(false);
        }
        TrainConfig config = b.build(images.size());
        List<StepResult> steps = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onStep(PclTrainer trainer, StepResult s) {
                steps.add(s);
            }
        };
        try (PclTrainer trainer = new PclTrainer(config, images, null, List.of(record), NDManager.newBaseManager())) {
            List<EpochMetrics> epochs = trainer.fit();
            assertThat(epochs).hasSize(3);
            assertThat(steps).hasSize(3 * (images.size() / config.batchSize()));
            for (StepResult s : steps) {
                assertThat(s.loss()).isFinite();
                assertThat(s.embeddingSpread()).as("no collapse").isGreaterThan(CollapseGuard.DEFAULT_MIN_SPREAD);
                boolean protoEpoch = config.usesPrototypes(s.epoch() - 1);
                if (recipe.equals("moco-v2") || !protoEpoch) {
                    assertThat(s.lossProto()).isNull();
                    assertThat(s.loss()).as("instance-only step optimises the instance term").isEqualTo(s.lossInstance());
                } else if (protoOnly) {
                    assertThat(s.loss()).as("proto-only optimises only the prototype term").isEqualTo(s.lossProto());
                } else {
                    assertThat((double) s.loss()).isCloseTo(s.lossInstance() + s.lossProto(), org.assertj.core.api.Assertions.within(1e-4));
                }
            }
            if (!recipe.equals("moco-v2")) {
                assertThat(epochs.get(2).lossProto()).as("prototype term trained in the last epoch").isNotNull();
            }
            assertThat(trainer.model().queryEncoder().config().head().cliName()).isEqualTo(recipe.equals("pcl-v1") ? "linear" : "mlp");
        }
    }
}
