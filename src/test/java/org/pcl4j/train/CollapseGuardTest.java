package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.TestImages;
import org.pcl4j.model.Encoder;
import org.pcl4j.tensor.Tensors;

class CollapseGuardTest {

    /** B unit vectors in d dimensions: identical rows when {@code collapsed}, random directions otherwise. */
    private static NDArray embeddings(NDManager m, int b, int d, boolean collapsed, long seed) {
        Random rng = new Random(seed);
        float[] one = new float[d];
        float[] data = new float[b * d];
        for (int i = 0; i < b; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                float v = collapsed && i > 0 ? one[j] : (float) rng.nextGaussian();
                data[i * d + j] = v;
                norm += v * v;
            }
            for (int j = 0; j < d; j++) {
                data[i * d + j] /= (float) Math.sqrt(norm);
                if (i == 0) {
                    one[j] = data[j];
                }
            }
        }
        return Tensors.of(m, data, new Shape(b, d));
    }

    @Test
    void spreadIsAboutOneForRandomDirectionsAndZeroForACollapsedBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(CollapseGuard.spread(embeddings(m, 256, 128, false, 1))).isCloseTo(1f, within(0.1f));
            assertThat(CollapseGuard.spread(embeddings(m, 256, 128, true, 1))).isCloseTo(0f, within(1e-6f));
            assertThat(CollapseGuard.spread(m.zeros(new Shape(64, 128)))).isZero(); // a dead encoder's output
            // Points at ±e1 in 4 dimensions:
            float[] two = new float[4 * 4];
            for (int i = 0; i < 4; i++) {
                two[i * 4] = i % 2 == 0 ? 1 : -1;
            }
            // per-dimension std: (1, 0, 0, 0) → mean 0.25, × √4 = 0.5
            assertThat(CollapseGuard.spread(Tensors.of(m, two, new Shape(4, 4)))).isCloseTo(0.5f, within(1e-6f));
        }
    }

    @Test
    void stopsAfterPatienceCollapsedStepsInARowAndNamesTheStep() {
        CollapseGuard guard = new CollapseGuard(0.01f, 3);
        guard.check(0f, 0, 0, null);
        guard.check(0f, 0, 1, null);
        guard.check(0.9f, 0, 2, null); // a healthy batch resets the count
        guard.check(0f, 0, 3, null);
        guard.check(0f, 0, 4, null);
        assertThatThrownBy(() -> guard.check(0.001f, 4, 5, "runs/x/checkpoint-0004.pcl4j"))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("collapsed at epoch 5, step 6")
                .hasMessageContaining("runs/x/checkpoint-0004.pcl4j")
                .hasMessageContaining("--lr");
    }

    @Test
    void aTrainingRunWhoseEncoderOutputsZerosStopsAndKeepsItsCheckpoint(@TempDir Path dir) {
        TestImages images = TestImages.of(384, 28, 4, 3);
        TrainConfig config = TrainerFixtures.tiny().protoLoss(false).epochs(3).build(images.size()); // 12 steps per epoch
        try (PclTrainer trainer = new PclTrainer(config, images, dir, null, null, false)) {
            trainer.fit(1);
            // Kill the encoder: the head's last layer outputs exactly zero for every image (as in the
            // collapsed run users saw: zero projections, constant loss, zero gradient, "success").
            var params = trainer.model().queryEncoder().trainableParameters();
            for (Parameter p : params.subList(params.size() - 2, params.size())) {
                Tensors.muli(p.getArray().stopGradient(), 0f);
            }
            var keyParams = trainer.model().momentumEncoder().trainableParameters();
            for (Parameter p : keyParams.subList(keyParams.size() - 2, keyParams.size())) {
                Tensors.muli(p.getArray(), 0f);
            }
            assertThatThrownBy(trainer::fit)
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("collapsed at epoch 2, step " + CollapseGuard.DEFAULT_PATIENCE)
                    .hasMessageContaining("checkpoint-0001.pcl4j");
        }
        assertThat(Checkpoint.loadLatest(dir).epochsDone()).isEqualTo(1);
    }

    /**
     * Epochs shorter than the guard's patience: a dead encoder never made a streak long enough, and the run "succeeded"
     * (exit 0) with checkpoints of it. The check before each checkpoint stops it, and the checkpoint kept is the one of
     * the last epoch whose encoder was alive.
     */
    @Test
    void aCollapseWithinFewerStepsThanThePatienceStopsBeforeItsCheckpoint(@TempDir Path dir) {
        TestImages images = TestImages.of(160, 28, 4, 3);
        TrainConfig config = TrainerFixtures.tiny().protoLoss(false).epochs(3).build(images.size()); // 5 steps per epoch
        assertThat(images.size() / config.batchSize()).isLessThan(CollapseGuard.DEFAULT_PATIENCE);
        try (PclTrainer trainer = new PclTrainer(config, images, dir, null, null, false)) {
            trainer.fit(1);
            for (Encoder e : List.of(trainer.model().queryEncoder(), trainer.model().momentumEncoder())) {
                var params = e.trainableParameters();
                for (Parameter p : params.subList(params.size() - 2, params.size())) {
                    Tensors.muli(p.getArray().stopGradient(), 0f);
                }
            }
            assertThatThrownBy(trainer::fit)
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("collapsed by the end of epoch 2")
                    .hasMessageContaining("without writing its checkpoint")
                    .hasMessageContaining("Last good checkpoint: " + dir.resolve("checkpoint-0001.pcl4j"))
                    .hasMessageContaining("start a new run");
        }
        assertThat(Checkpoint.loadLatest(dir).epochsDone()).isEqualTo(1);
    }

    @Test
    void aStreakStartsAgainEachEpochSoThatAResumeStopsWhereTheRunDid() {
        CollapseGuard guard = new CollapseGuard(0.01f, 3);
        guard.check(0f, 0, 10, null);
        guard.check(0f, 0, 11, null);
        guard.reset(); // a new epoch: the checkpoint between them holds no streak
        guard.check(0f, 1, 0, null);
        guard.check(0f, 1, 1, null);
        assertThatThrownBy(() -> guard.check(0f, 1, 2, null)).isInstanceOf(TrainingDivergedException.class);
        assertThatThrownBy(() -> new CollapseGuard().checkModel(Float.NaN, 0, null)).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("collapsed by the end of epoch 1").hasMessageContaining("No checkpoint was written yet. Try a lower --lr");
        new CollapseGuard().checkModel(0.5f, 0, null); // healthy: no exception
    }
}
