package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.ChildJvm;
import org.pcl4j.InputException;
import org.pcl4j.TestImages;
import org.pcl4j.eval.MetricsLog;

/** The run directory never holds metrics that no checkpoint backs, and only one trainer writes it. */
class RunDirectoryTest {
    private final TestImages images = TestImages.of(96, 28, 4, 3);

    @Test
    void failedCheckpointWriteLeavesNoMetricsLineAndResumeNumbersEveryEpochOnce(@TempDir Path dir) throws IOException {
        TrainConfig config = TrainerFixtures.tiny().epochs(3).build(images.size());
        // A directory under the temporary name makes the write of checkpoint 2 fail, like a full disk.
        Path blocker = dir.resolve("checkpoint-0002.pcl4j.tmp");
        try (PclTrainer trainer = new PclTrainer(config, images, dir, null, null, false)) {
            trainer.fit(1);
            Files.createDirectories(blocker.resolve("x"));
            assertThatThrownBy(trainer::fit)
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("cannot write " + dir.resolve("checkpoint-0002.pcl4j") + " after epoch 2")
                    .hasMessageContaining("kept " + dir.resolve("checkpoint-0001.pcl4j"))
                    .hasMessageContaining("up to epoch 1")
                    .hasMessageContaining("resume " + dir)
                    .hasMessageNotContaining("\n");
        }
        assertThat(epochs(dir)).containsExactly(1);
        assertThat(Checkpoint.loadLatest(dir).epochsDone()).isEqualTo(1);

        Files.delete(blocker.resolve("x"));
        Files.delete(blocker);
        Checkpoint checkpoint = Checkpoint.loadLatest(dir);
        try (PclTrainer resumed = new PclTrainer(checkpoint.config(), images, dir, checkpoint, null, false)) {
            resumed.fit();
        }
        assertThat(epochs(dir)).containsExactly(1, 2, 3);
        assertThat(Checkpoint.loadLatest(dir).epochsDone()).isEqualTo(3);
    }

    /**
     * A stop handler reads {@link PclTrainer#recorded()} from another thread: once an epoch's
     * checkpoint is written it names that checkpoint with its epoch count, although the trainer
     * counts the epoch as done only after all listeners ran (CI caught a SIGTERM in that window
     * reporting the epoch already saved as the one in progress).
     */
    @Test
    void recordedNamesTheNewCheckpointWithItsEpochsBeforeTheTrainerCountsTheEpoch(@TempDir Path dir) {
        TrainConfig config = TrainerFixtures.tiny().protoLoss(false).epochs(2).build(images.size());
        List<String> seen = new ArrayList<>();
        TrainingListener probe = new TrainingListener() {
            @Override
            public EpochMetrics onEpochEnd(PclTrainer trainer, EpochMetrics m) {
                RunDirectoryListener.Recorded r = trainer.recorded();
                seen.add(trainer.epochsDone() + " " + r.epochs() + " " + r.checkpoint().getFileName());
                return m;
            }
        };
        RunDirectoryListener run = new RunDirectoryListener(RunDirectory.open(dir), null);
        try (PclTrainer trainer = new PclTrainer(config, images, null, List.of(run, probe), ai.djl.ndarray.NDManager.newBaseManager())) {
            assertThat(trainer.recorded()).isEqualTo(new RunDirectoryListener.Recorded(null, 0));
            trainer.fit();
            assertThat(trainer.recorded()).isEqualTo(new RunDirectoryListener.Recorded(dir.resolve("checkpoint-0002.pcl4j"), 2));
        }
        assertThat(seen).containsExactly("0 1 checkpoint-0001.pcl4j", "1 2 checkpoint-0002.pcl4j");
    }

    @Test
    void metricsLineLostBetweenCheckpointAndAppendIsRestoredFromTheCheckpoint(@TempDir Path dir) throws IOException {
        TrainConfig config = TrainerFixtures.tiny().protoLoss(false).epochs(3).build(images.size());
        try (PclTrainer trainer = new PclTrainer(config, images, dir, null, null, false)) {
            trainer.fit(2);
        }
        Path metrics = dir.resolve("metrics.jsonl");
        List<String> lines = Files.readAllLines(metrics);
        assertThat(lines).hasSize(2);
        // A crash after checkpoint 2 was committed, before its line was appended.
        Files.write(metrics, lines.subList(0, 1));
        double lossOfEpoch2 = lossOf(lines.get(1));

        Checkpoint checkpoint = Checkpoint.loadLatest(dir);
        try (PclTrainer resumed = new PclTrainer(checkpoint.config(), images, dir, checkpoint, null, false)) {
            assertThat(epochs(dir)).containsExactly(1, 2);
            assertThat(MetricsLog.read(metrics).get(1).loss()).isEqualTo(lossOfEpoch2);
            resumed.fit();
        }
        assertThat(epochs(dir)).containsExactly(1, 2, 3);
    }

    @Test
    void freshRunDoesNotAppendToStaleMetricsWithoutCheckpoint(@TempDir Path dir) throws IOException {
        String stale = "{\"epoch\": 1, \"loss\": 9.0}\n{\"epoch\": 2, \"loss\": 8.0}\n";
        Files.writeString(dir.resolve("metrics.jsonl"), stale);
        TrainConfig config = TrainerFixtures.tiny().protoLoss(false).epochs(1).build(images.size());
        try (PclTrainer trainer = new PclTrainer(config, images, dir, null, null, false)) {
            trainer.fit();
        }
        assertThat(epochs(dir)).containsExactly(1);
        assertThat(MetricsLog.read(dir.resolve("metrics.jsonl")).get(0).loss()).isNotEqualTo(9.0);
        assertThat(Files.readString(dir.resolve(org.pcl4j.train.MetricsLog.STALE_NAME))).isEqualTo(stale);

        // Again, in the same folder (the checkpoints removed): the first stale file is kept, the second goes beside it.
        String stale2 = "{\"epoch\": 5, \"loss\": 7.0}\n";
        try (var checkpoints = Files.list(dir)) {
            for (Path p : checkpoints.filter(p -> p.getFileName().toString().startsWith("checkpoint-")).toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(dir.resolve("metrics.jsonl"), stale2);
        try (PclTrainer trainer = new PclTrainer(config, images, dir, null, null, false)) {
            trainer.fit();
        }
        assertThat(Files.readString(dir.resolve(org.pcl4j.train.MetricsLog.STALE_NAME))).isEqualTo(stale);
        assertThat(Files.readString(dir.resolve(org.pcl4j.train.MetricsLog.STALE_NAME + ".2"))).isEqualTo(stale2);
    }

    @Test
    void staleTemporaryFilesAreRemovedWhenTheRunIsOpened(@TempDir Path dir) throws IOException {
        Path tmp = Files.write(dir.resolve("checkpoint-0003.pcl4j.tmp"), new byte[1000]);
        Path metricsTmp = Files.writeString(dir.resolve("metrics.jsonl.tmp"), "{");
        Path other = Files.writeString(dir.resolve("notes.tmp"), "mine");
        // another tool's file that merely starts like pcl4j's (it was deleted as "left by an interrupted write")
        Path foreign = Files.writeString(dir.resolve("checkpoint-best.tmp"), "keep");
        try (RunDirectory run = RunDirectory.open(dir)) {
            assertThat(tmp).doesNotExist();
            assertThat(metricsTmp).doesNotExist();
            assertThat(other).exists(); // only pcl4j's own temporaries
            assertThat(foreign).hasContent("keep");
        }
    }

    @Test
    void secondTrainerIntoTheSameDirectoryIsRefused(@TempDir Path dir) throws IOException {
        TrainConfig config = TrainerFixtures.tiny().protoLoss(false).epochs(1).build(images.size());
        try (PclTrainer first = new PclTrainer(config, images, dir, null, null, false)) {
            assertThatThrownBy(() -> new PclTrainer(config, images, dir, null, null, false))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("out " + dir + " is in use by another training")
                    .hasMessageNotContaining("\n");
            first.fit();
        }
        // Released on close: the next trainer may continue the run.
        Checkpoint checkpoint = Checkpoint.loadLatest(dir);
        new PclTrainer(checkpoint.config(), images, dir, checkpoint, null, false).close();
    }

    @Test
    void lockHeldByAnotherProcessRefusesTheRun(@TempDir Path dir) throws Exception {
        Path ready = dir.resolve("ready");
        List<String> cmd = ChildJvm.command(List.of(), LockHolder.class);
        cmd.addAll(List.of(dir.resolve("run").toString(), ready.toString()));
        Process holder = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(dir.resolve("holder.log").toFile()).directory(new File(".")).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready) && holder.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ready).as(Files.readString(dir.resolve("holder.log"))).exists();
            assertThatThrownBy(() -> RunDirectory.open(dir.resolve("run")))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("is in use by another training (process " + holder.pid() + ")");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        RunDirectory.open(dir.resolve("run")).close(); // the OS released the lock with the process
    }

    @Test
    void unwritableOutIsRefusedNamingTheFlag(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> RunDirectory.open(file.resolve("run")))
                .isInstanceOf(InputException.class).hasMessageStartingWith("out " + file.resolve("run") + ": cannot create");
        assertThatThrownBy(() -> RunDirectory.open(file))
                .isInstanceOf(InputException.class).hasMessageStartingWith("out " + file);
    }

    private static List<Integer> epochs(Path dir) {
        List<Integer> out = new ArrayList<>();
        for (org.pcl4j.train.EpochMetrics e : MetricsLog.read(dir.resolve("metrics.jsonl"))) {
            out.add(e.epoch());
        }
        // Read the raw lines too: the reader de-duplicates, the file itself must not repeat an epoch.
        try {
            assertThat(Files.readAllLines(dir.resolve("metrics.jsonl"), StandardCharsets.UTF_8)).hasSize(out.size());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    private static double lossOf(String line) {
        return com.google.gson.JsonParser.parseString(line).getAsJsonObject().get("loss").getAsDouble();
    }

    /** Holds a run directory's lock in another process until killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            RunDirectory.open(Path.of(args[0]));
            Files.writeString(Path.of(args[1]), "locked");
            Thread.sleep(120_000);
        }
    }
}
