package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.pcl4j.TestImages;
import org.pcl4j.eval.MetricsLog;


class PclTrainerTest {
    private final TestImages images = TestImages.of(96, 28, 4, 3);

    @Test
    void resumingAfterOneEpochEqualsTwoEpochsStraightBitForBit(@TempDir Path dir) throws IOException {
        TrainConfig config = TrainerFixtures.tiny().build(images.size());
        float[][] straight;
        float[][] straightKeys;
        try (PclTrainer trainer = new PclTrainer(config, images, dir.resolve("straight"), null, null, false)) {
            trainer.fit();
            straight = weights(trainer.model().queryEncoder().trainableParameters());
            // with Shuffle-BN (2 splits at batch 32) the running statistics too, kept per split between steps
            straightKeys = weights(trainer.model().momentumEncoder().allParameters());
        }
        try (PclTrainer first = new PclTrainer(config, images, dir.resolve("resumed"), null, null, false)) {
            first.fit(1);
        }
        float[][] resumed;
        float[][] resumedKeys;
        Checkpoint checkpoint = Checkpoint.loadLatest(dir.resolve("resumed"));
        assertThat(checkpoint.epochsDone()).isEqualTo(1);
        assertThat(checkpoint.config().bnSplits()).isEqualTo(2);
        try (PclTrainer second = new PclTrainer(checkpoint.config(), images, dir.resolve("resumed"), checkpoint, null, false)) {
            second.fit();
            resumed = weights(second.model().queryEncoder().trainableParameters());
            resumedKeys = weights(second.model().momentumEncoder().allParameters());
        }
        assertThat(resumedKeys).isDeepEqualTo(straightKeys);
        for (int p = 0; p < straight.length; p++) {
            for (int i = 0; i < straight[p].length; i++) {
                assertThat(resumed[p][i]).as("parameter %d[%d]", p, i).isEqualTo(straight[p][i]); // bit for bit
            }
        }
        List<EpochMetrics> a = MetricsLog.read(dir.resolve("straight/metrics.jsonl"));
        List<EpochMetrics> b = MetricsLog.read(dir.resolve("resumed/metrics.jsonl"));
        assertThat(b).hasSize(2);
        assertThat(b.get(1).lossProto()).isEqualTo(a.get(1).lossProto());
        assertThat(a.get(0).lossProto()).as("warm-up epoch has no prototype term").isNull();
        assertThat(a.get(1).estepSeconds()).isPositive();
    }

    @Test
    void resumingOnImagesOfAnotherSideIsAnErrorNamingTheImageSize(@TempDir Path dir) throws IOException {
        TrainConfig config = TrainerFixtures.tiny().build(images.size());
        try (PclTrainer first = new PclTrainer(config, images, dir, null, null, false)) {
            first.fit(1);
        }
        Checkpoint checkpoint = Checkpoint.loadLatest(dir);
        TestImages larger = TestImages.of(96, 32, 4, 3); // e.g. a folder whose own side moved
        assertThatThrownBy(() -> new PclTrainer(checkpoint.config(), larger, dir, checkpoint, null, false).close())
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("imageSize"))
                .hasMessageContaining("trained at 28 px, but its data now gives 32 px");
        try (PclTrainer same = new PclTrainer(checkpoint.config(), images, dir, checkpoint, null, false)) {
            assertThat(same.epochsDone()).isEqualTo(1);
        }
    }

    @Test
    void nanLossStopsWithEpochAndStepAndKeepsLastCheckpoint(@TempDir Path dir) throws IOException {
        TrainConfig config = TrainerFixtures.tiny().build(images.size());
        try (PclTrainer trainer = new PclTrainer(config, images, dir, null, null, false)) {
            trainer.fit(1);
            // Poison one weight: the next forward pass yields NaN.
            trainer.model().queryEncoder().trainableParameters().get(0).getArray().muli(Float.NaN);
            assertThatThrownBy(trainer::fit)
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("epoch 2, step 1;") // 1-based, as every epoch users see
                    .hasMessageContaining("checkpoint-0001.pcl4j");
        }
        assertThat(Checkpoint.list(dir)).extracting(p -> p.getFileName().toString()).containsExactly("checkpoint-0001.pcl4j");
        assertThat(Checkpoint.loadLatest(dir).epochsDone()).isEqualTo(1);
        assertThat(MetricsLog.read(dir.resolve("metrics.jsonl"))).hasSize(1);
    }

    @Test
    void corruptNewestCheckpointFallsBackToThePreviousOne(@TempDir Path dir) throws IOException {
        TrainConfig config = TrainerFixtures.tiny().protoLoss(false).epochs(2).build(images.size());
        try (PclTrainer trainer = new PclTrainer(config, images, dir, null, null, false)) {
            trainer.fit();
        }
        Path newest = dir.resolve("checkpoint-0002.pcl4j");
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xFF);
        }
        assertThatThrownBy(() -> Checkpoint.read(newest)).isInstanceOf(InputException.class).hasMessageContaining("checksum");
        assertThat(Checkpoint.loadLatest(dir).epochsDone()).isEqualTo(1);

        Files.write(newest, new byte[] {1, 2, 3}); // truncated
        assertThatThrownBy(() -> Checkpoint.read(newest)).isInstanceOf(InputException.class).hasMessageContaining(newest.toString());
        assertThat(Checkpoint.loadLatest(dir).epochsDone()).isEqualTo(1);
    }

    /**
     * A checkpoint under another number (a copy of checkpoint-0002 as checkpoint-0009) was trusted by its name: the
     * resume rolled the run back to epoch 2 and pruning then deleted the run's own newer checkpoints as "older".
     */
    @Test
    void aCheckpointWhoseNameIsNotItsEpochIsSkippedAndNeverCountedByPruning(@TempDir Path dir) throws Exception {
        TrainConfig three = TrainerFixtures.tiny().protoLoss(false).epochs(3).build(images.size());
        try (PclTrainer trainer = new PclTrainer(three, images, dir, null, null, false)) {
            trainer.fit();
        }
        Path stray = dir.resolve("checkpoint-0009.pcl4j");
        Files.copy(dir.resolve("checkpoint-0002.pcl4j"), stray);
        List<String> log = org.pcl4j.data.Fixtures.logged(Checkpoint.class, () -> assertThat(Checkpoint.loadLatest(dir).epochsDone()).isEqualTo(3));
        assertThat(log).anyMatch(l -> l.startsWith("WARN " + stray + ": holds the state after 2 epochs, not 9 as its name says"));
        // named explicitly, the file is what it holds
        assertThat(Checkpoint.loadLatest(stray).epochsDone()).isEqualTo(2);

        TrainConfig five = TrainerFixtures.tiny().protoLoss(false).epochs(5).build(images.size());
        try (PclTrainer trainer = new PclTrainer(five, images, dir, Checkpoint.loadLatest(dir), null, false)) {
            trainer.fit();
        }
        // the two newest of the run, and the stray file untouched (neither counted nor deleted)
        assertThat(Checkpoint.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("checkpoint-0009.pcl4j", "checkpoint-0005.pcl4j", "checkpoint-0004.pcl4j");
        assertThat(Checkpoint.loadLatest(dir).epochsDone()).isEqualTo(5);
    }

    /**
     * Shuffle-BN (ALGORITHM.md §3.6) with one split changes no BatchNorm statistic, so the shuffle and
     * un-shuffle of the key batch must give the keys (and the training) of the unshuffled run: a key
     * put back in the wrong row would pair queries with other images' keys.
     */
    @Test
    void shuffledKeysReturnToBatchOrder(@TempDir Path dir) throws IOException {
        float[][] plain;
        float[] plainQueue;
        TrainConfig off = TrainerFixtures.tiny().epochs(1).warmupEpochs(0).shuffleBn(false).build(images.size());
        try (PclTrainer trainer = new PclTrainer(off, images, dir.resolve("off"), null, null, false)) {
            trainer.fit();
            plain = weights(trainer.model().queryEncoder().trainableParameters());
            plainQueue = trainer.model().queue().keys().toFloatArray();
        }
        TrainConfig on = TrainerFixtures.tiny().epochs(1).warmupEpochs(0).shuffleBn(true).bnSplits(1).build(images.size());
        assertThat(on.batchNormSplits()).isEqualTo(1);
        try (PclTrainer trainer = new PclTrainer(on, images, dir.resolve("on"), null, null, false)) {
            trainer.fit();
            float[][] shuffled = weights(trainer.model().queryEncoder().trainableParameters());
            for (int p = 0; p < plain.length; p++) {
                for (int i = 0; i < plain[p].length; i++) {
                    assertThat(shuffled[p][i]).as("parameter %d[%d]", p, i).isCloseTo(plain[p][i], within(1e-4f));
                }
            }
            float[] queue = trainer.model().queue().keys().toFloatArray();
            for (int i = 0; i < queue.length; i++) {
                assertThat(queue[i]).as("queue[%d]", i).isCloseTo(plainQueue[i], within(1e-4f));
            }
        }
        // with splits, the statistics (and so the training) differ
        TrainConfig split = TrainerFixtures.tiny().epochs(1).warmupEpochs(0).bnSplits(2).build(images.size());
        try (PclTrainer trainer = new PclTrainer(split, images, dir.resolve("split"), null, null, false)) {
            trainer.fit();
            float[][] w = weights(trainer.model().queryEncoder().trainableParameters());
            double diff = 0;
            for (int p = 0; p < plain.length; p++) {
                for (int i = 0; i < plain[p].length; i++) {
                    diff = Math.max(diff, Math.abs(w[p][i] - plain[p][i]));
                }
            }
            assertThat(diff).isGreaterThan(1e-4);
        }
    }

    private static float[][] weights(List<Parameter> params) {
        return params.stream().map(Parameter::getArray).map(NDArray::toFloatArray).toArray(float[][]::new);
    }
}
