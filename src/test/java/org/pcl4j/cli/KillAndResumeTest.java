package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.ChildJvm;
import org.pcl4j.IdxFixtures;
import org.pcl4j.TestImages;
import org.pcl4j.train.Checkpoint;
import org.pcl4j.eval.MetricsLog;

/** A real training process killed with SIGKILL mid-epoch resumes and finishes every epoch exactly once. */
@Tag("slow")
class KillAndResumeTest {
    private static final int EPOCHS = 4;

    @Test
    void sigkillMidEpochThenResume(@TempDir Path dir) throws Exception {
        Path data = IdxFixtures.write(dir.resolve("data"), TestImages.of(768, 28, 4, 1), TestImages.of(64, 28, 4, 2));
        Path out = dir.resolve("run");
        List<String> train = List.of("train", "--data", "fashion-mnist:" + data, "--out", out.toString(), "--epochs", "" + EPOCHS,
                "--warmup-epochs", "1", "--batch-size", "32", "--queue-size", "128", "--num-cluster", "8,16",
                "--kmeans-restarts", "1", "--knn-every", "0", "--no-progress", "--workers", "1");

        Process first = start(train, dir.resolve("first.log"));
        // Wait until epoch 2 is checkpointed, then kill somewhere inside the next epoch.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(out.resolve("checkpoint-0002.pcl4j")) && System.nanoTime() < deadline && first.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(first.isAlive()).as("training still running at epoch 3; log: %s", Files.readString(dir.resolve("first.log"))).isTrue();
        Thread.sleep(700);
        first.destroyForcibly(); // SIGKILL on Unix
        first.waitFor(30, TimeUnit.SECONDS);
        int doneBeforeKill = Checkpoint.loadLatest(out).epochsDone();
        assertThat(doneBeforeKill).isBetween(2, EPOCHS - 1);

        Process second = start(List.of("train", "--resume", out.toString(), "--no-progress"), dir.resolve("second.log"));
        assertThat(second.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();

        List<Integer> epochs = new ArrayList<>();
        for (org.pcl4j.train.EpochMetrics line : MetricsLog.read(out.resolve("metrics.jsonl"))) {
            epochs.add(line.epoch());
        }
        assertThat(epochs).containsExactly(1, 2, 3, 4); // 1-based, each once
        assertThat(Checkpoint.loadLatest(out).epochsDone()).isEqualTo(EPOCHS);
        assertThat(Files.readString(dir.resolve("second.log"))).contains("resuming from");
    }

    private static Process start(List<String> args, Path log) throws IOException {
        List<String> cmd = ChildJvm.command(List.of("-Xmx2g"), Pcl4j.class);
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).directory(new File(".")).start();
    }
}
