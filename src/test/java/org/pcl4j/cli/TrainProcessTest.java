package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.ChildJvm;
import org.pcl4j.IdxFixtures;
import org.pcl4j.TestImages;

/** A training process with stderr in a file: log lines, no progress bar; SIGTERM says where it stopped. */
class TrainProcessTest {
    @Test
    void redirectedStderrGetsLogLinesAndSigtermSaysHowToContinue(@TempDir Path dir) throws Exception {
        Path data = IdxFixtures.write(dir.resolve("data"), TestImages.of(256, 28, 4, 1), TestImages.of(32, 28, 4, 2));
        Path out = dir.resolve("run");
        Path log = dir.resolve("train.log");
        Process p = start(List.of("train", "--data", "fashion-mnist:" + data, "--out", out.toString(), "--epochs", "50",
                "--warmup-epochs", "1", "--batch-size", "32", "--queue-size", "64", "--num-cluster", "4", "--kmeans-restarts", "1",
                "--knn-every", "0", "--workers", "1"), log); // no --no-progress: stderr is a file, so no bar anyway
        waitUntil(p, () -> Files.exists(out.resolve("checkpoint-0001.pcl4j")));
        assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log);
        assertThat(p.exitValue()).as(text).isEqualTo(143);
        assertThat(text).doesNotContain("\r").doesNotContain("AutoNonVariableTypeMode").doesNotContain("WARNING:").contains("epoch 1/50: loss");
        Matcher m = Pattern.compile("pcl4j: stopped during epoch (\\d+) of 50; the last checkpoint is (\\S+); continue with: "
                + "pcl4j train --resume " + Pattern.quote(out.toString())).matcher(text);
        assertThat(m.find()).as(text).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(2);
        assertThat(Path.of(m.group(2))).exists();
        assertThat(Path.of(m.group(2)).getFileName().toString()).matches("checkpoint-\\d{4}\\.pcl4j");
    }

    /** Stopped before its first checkpoint, it said "continue with: pcl4j train --resume DIR", which then found no checkpoint. */
    @Test
    void sigtermBeforeTheFirstCheckpointSaysToRunTheCommandAgain(@TempDir Path dir) throws Exception {
        Path data = IdxFixtures.write(dir.resolve("data"), TestImages.of(8192, 28, 4, 1), TestImages.of(32, 28, 4, 2));
        Path out = dir.resolve("run");
        Path log = dir.resolve("train.log");
        Process p = start(List.of("train", "--data", "fashion-mnist:" + data, "--out", out.toString(), "--epochs", "3",
                "--warmup-epochs", "1", "--batch-size", "32", "--knn-every", "0", "--workers", "1"), log);
        waitUntil(p, () -> Files.readString(log).contains("training on"));
        Thread.sleep(2000); // the trainer is built and its stop message installed after that line; epoch 1 has 256 steps
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log);
        assertThat(out.resolve("checkpoint-0001.pcl4j")).as(text).doesNotExist();
        assertThat(text).contains("pcl4j: stopped during epoch 1 of 3; no checkpoint was written yet, so there is nothing to resume: "
                + "run the same command again").doesNotContain("--resume");
    }

    /** A heap too small for the data ended in a raw OutOfMemoryError stack trace (an Error passes picocli's handler). */
    @Test
    void aHeapTooSmallIsOneLineSayingHowToGiveMore(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(org.pcl4j.data.DataSpec.DEFAULT_FASHION_MNIST),
                "Fashion-MNIST is not installed");
        Path log = dir.resolve("train.log");
        List<String> cmd = ChildJvm.command(List.of("-Xmx24m"), Pcl4j.class);
        cmd.addAll(List.of("train", "--data", "fashion-mnist", "--limit", "100", "--epochs", "1", "--out", dir.resolve("run").toString(),
                "--no-progress"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log);
        assertThat(p.exitValue()).as(text).isEqualTo(1);
        assertThat(text).contains("pcl4j: failed: the JVM ran out of heap memory (Java heap space, at most ")
                .contains("PCL4J_JAVA_OPTS=-Xmx8g").doesNotContain("\tat ");
    }

    /** Polls {@code done} while {@code p} runs, for at most two minutes. */
    private static void waitUntil(Process p, java.util.concurrent.Callable<Boolean> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!done.call() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static Process start(List<String> args, Path log) throws IOException {
        List<String> cmd = ChildJvm.command(List.of("-Xmx1g"), Pcl4j.class);
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).directory(new File(".")).start();
    }
}
