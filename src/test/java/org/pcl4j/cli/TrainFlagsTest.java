package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.IdxFixtures;
import org.pcl4j.TestImages;
import org.pcl4j.eval.MetricsLog;
import org.pcl4j.train.Checkpoint;

/** Flags that say what they do: bad values and --resume conflicts are one-line errors naming the flag (exit 2). */
class TrainFlagsTest {
    @TempDir
    static Path dir;
    static String data;
    /** A finished 1-epoch run. */
    static Path run;

    @BeforeAll
    static void trainOneEpoch() throws Exception {
        data = "fashion-mnist:" + IdxFixtures.write(dir.resolve("data"), TestImages.of(128, 28, 4, 1), TestImages.of(32, 28, 4, 2));
        run = dir.resolve("run");
        assertThat(Pcl4j.run(train(run, "--epochs", "1"))).isZero();
        assertThat(Checkpoint.loadLatest(run).epochsDone()).isEqualTo(1);
    }

    static String[] train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data, "--out", out.toString(), "--batch-size", "32",
                "--queue-size", "64", "--kmeans-restarts", "1", "--knn-every", "0", "--workers", "1", "--no-progress"));
        if (!List.of(more).contains("moco-v2")) {
            args.addAll(List.of("--num-cluster", "4")); // K's of the prototype term: a warning where there is none
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void rejectedValuesNameTheFlagBeforeAnythingIsLoaded() {
        // --data points nowhere: each error must come from the flag's check, before the data is opened.
        String missing = "fashion-mnist:" + dir.resolve("no-such-data");
        String[][] cases = {
                {"--limit", "--limit", "-5"},
                {"--lr", "--lr", "Infinity"},
                {"--lr", "--lr", "NaN"},
                {"--schedule", "--schedule", "cosin"},
                {"--aug", "--aug", "augplus"},
                {"--warmup-epochs", "--warmup-epochs", "3", "--epochs", "3"},
                {"--warmup-epochs", "--warmup-epochs", "5", "--epochs", "2"},
                {"--warmup-epochs 3 must be smaller than --epochs 3", "--warmup-epochs", "3", "--epochs", "3"},
                {"--arch 'vgg': expected one of small-cnn, deep-cnn, resnet18, resnet50", "--arch", "vgg"},
                {"--head 'deep': expected one of linear, mlp", "--head", "deep"},
                {"--preset 'pcl-v3'", "--preset", "pcl-v3"},
                {"--schedule 'cosin': expected one of step, cosine", "--schedule", "cosin"},
                // the batch size before the defaults derived from it (the queue divides by it, the lr scales with it)
                {"--batch-size must be at least 2, got 0", "--batch-size", "0"},
                {"--batch-size must be at least 2, got -1", "--batch-size", "-1"},
                {"--sgd-momentum must be in [0, 1), got 1.5", "--sgd-momentum", "1.5"},
                {"--sgd-momentum must be in [0, 1), got -1.0", "--sgd-momentum", "-1"},
                {"--sgd-momentum must be in [0, 1), got NaN", "--sgd-momentum", "NaN"},
                {"--wd must be a finite number >= 0, got -10.0", "--wd", "-10"},
                {"--wd must be a finite number >= 0, got NaN", "--wd", "NaN"},
                // the E-step's k-means: at the start, not at the first E-step after an epoch of training
                {"k-means --kmeans-iters must be in [1, 100000], got 0", "--kmeans-iters", "0"},
                {"k-means --kmeans-iters must be in [1, 100000], got 2147483647", "--kmeans-iters", "2147483647"},
                {"k-means --kmeans-restarts must be >= 1, got 0", "--kmeans-restarts", "0"},
                {"k-means --max-points-per-centroid must be >= 1, got 0", "--max-points-per-centroid", "0"},
                {"--lr-steps must be epochs >= 1 in ascending order, got [0, -1]", "--schedule", "step", "--lr-steps", "0,-1"},
                {"--lr-steps must be epochs >= 1 in ascending order, got [6, 3]", "--schedule", "step", "--lr-steps", "6,3"},
                {"--knn-every must be >= 0 (0 = never), got -1", "--knn-every", "-1"},
                {"--image-size must be 0 (the data's own size) or in [8, 4096], got 1", "--image-size", "1"},
                {"--image-size must be 0 (the data's own size) or in [8, 4096], got 100000", "--image-size", "100000"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("train", "--data", missing, "--out", dir.resolve("never").toString()));
            args.addAll(List.of(c).subList(1, c.length));
            Result r = run(() -> Pcl4j.run(args.toArray(String[]::new)));
            assertThat(r.code).as(String.join(" ", args)).isEqualTo(Pcl4j.EXIT_USAGE);
            assertThat(r.errorLines()).as(r.err).hasSize(1);
            assertThat(r.errorLines().get(0)).as(String.join(" ", args)).startsWith("pcl4j: error: " + c[0]).doesNotContain("Exception");
        }
        assertThat(dir.resolve("never")).as("nothing is created for a rejected run").doesNotExist();
    }

    @Test
    void instanceLossMessageNamesRealFlags() {
        Result r = run(() -> Pcl4j.run(train(dir.resolve("proto-only"), "--preset", "moco-v2", "--instance-loss", "false")));
        assertThat(r.code).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(r.errorLines()).hasSize(1);
        assertThat(r.errorLines().get(0)).contains("--instance-loss false").contains("--proto-loss false").doesNotContain("--no-");
    }

    @Test
    void warmUpIsIrrelevantWithoutThePrototypeTerm() {
        Path out = dir.resolve("moco");
        assertThat(Pcl4j.run(train(out, "--preset", "moco-v2", "--epochs", "1", "--warmup-epochs", "1"))).isZero();
        assertThat(MetricsLog.read(out.resolve("metrics.jsonl"))).hasSize(1);
    }

    @Test
    void resumeWithAConflictingFlagNamesTheFlag() throws Exception {
        String[][] conflicts = {
                {"--arch", "resnet18"}, {"--data", "fashion-mnist:" + dir.resolve("other")}, {"--out", dir.resolve("elsewhere").toString()},
                {"--batch-size", "16"}, {"--lr", "0.5"}, {"--preset", "moco-v2"}, {"--num-cluster", "4,8"}, {"--seed", "9"},
                {"--schedule", "step"}, {"--aug", "mocov1"}, {"--limit", "64"}, {"--warmup-epochs", "2"}, {"--proto-loss", "false"},
                {"--shuffle-bn", "false"}, {"--bn-splits", "4"}, {"--queue-size", "32"}, {"--moco-m", "0.9"}, {"--symmetric", "true"},
        };
        for (String[] c : conflicts) {
            Result r = run(() -> Pcl4j.run("train", "--resume", run.toString(), c[0], c[1], "--no-progress"));
            assertThat(r.code).as(c[0]).isEqualTo(Pcl4j.EXIT_USAGE);
            assertThat(r.errorLines()).as(r.err).hasSize(1);
            assertThat(r.errorLines().get(0)).startsWith("pcl4j: error: " + c[0] + " ").contains("conflicts with");
        }
        Result fewer = run(() -> Pcl4j.run("train", "--resume", run.toString(), "--epochs", "1", "--arch", "small-cnn", "--no-progress"));
        assertThat(fewer.code).as("same values as the run: no conflict, nothing left to do").isZero();
        assertThat(Checkpoint.list(dir.resolve("run"))).as("no epoch was added").isNotEmpty().allMatch(p -> !p.toString().endsWith("0002.pcl4j"));
    }

    /**
     * --workers and --knn-every were refused as conflicts, so a run started on a 2-core machine kept one loader thread
     * when moved to a larger one: neither changes what the run computes, so a resume takes them, and the resumed run
     * still equals the uninterrupted one.
     */
    @Test
    void resumeTakesWorkersAndKnnEveryAndStillEqualsTheUninterruptedRun() throws Exception {
        Path whole = dir.resolve("whole");
        Path cut = dir.resolve("cut");
        String[] common = {"--data", data, "--epochs", "3", "--batch-size", "32", "--queue-size", "64", "--num-cluster", "4",
                "--kmeans-restarts", "1", "--warmup-epochs", "1", "--workers", "1", "--no-progress"};
        assertThat(Pcl4j.run(concat(new String[] {"train", "--out", whole.toString()}, common))).isZero();
        assertThat(Pcl4j.run(concat(new String[] {"train", "--out", cut.toString()}, common))).isZero();
        // as if killed after epoch 2: its last checkpoint and metrics line gone
        Files.delete(Checkpoint.fileFor(cut, 3));
        List<String> lines = Files.readAllLines(cut.resolve("metrics.jsonl"));
        Files.write(cut.resolve("metrics.jsonl"), lines.subList(0, 2));
        Result r = run(() -> Pcl4j.run("train", "--resume", cut.toString(), "--workers", "3", "--knn-every", "0", "--no-progress"));
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.err).contains("continues with --workers 3 --knn-every 0 (trained with 1 and 1; neither changes its results)");
        assertThat(Checkpoint.loadLatest(cut).config().workers()).isEqualTo(3);
        assertThat(MetricsLog.read(cut.resolve("metrics.jsonl")).get(2).loss())
                .isEqualTo(MetricsLog.read(whole.resolve("metrics.jsonl")).get(2).loss());
        Result bad = run(() -> Pcl4j.run("train", "--resume", cut.toString(), "--workers", "0", "--no-progress"));
        assertThat(bad.code).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(bad.errorLines()).containsExactly("pcl4j: error: --workers must be at least 1, got 0");
    }

    /**
     * --resume of an earlier checkpoint file rolls the run back; its later checkpoints stayed where a resume of the
     * folder, stopped before the new line reached their epochs, took the newest: the old line, silently.
     */
    @Test
    void resumeFromAnEarlierCheckpointFileSetsTheLaterOnesAside() throws Exception {
        Path back = dir.resolve("back");
        String[] common = {"--data", data, "--epochs", "3", "--batch-size", "32", "--queue-size", "64", "--num-cluster", "4",
                "--kmeans-restarts", "1", "--warmup-epochs", "1", "--knn-every", "0", "--no-progress"};
        assertThat(Pcl4j.run(concat(new String[] {"train", "--out", back.toString()}, common))).isZero();
        double third = MetricsLog.read(back.resolve("metrics.jsonl")).get(2).loss();
        Result r = run(() -> Pcl4j.run("train", "--resume", Checkpoint.fileFor(back, 2).toString(), "--no-progress"));
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.err).contains("the run goes back to epoch 2; its later checkpoints ([checkpoint-0003.pcl4j]) are renamed *.superseded");
        assertThat(back.resolve("checkpoint-0003.pcl4j.superseded")).exists();
        assertThat(Checkpoint.loadLatest(back).epochsDone()).isEqualTo(3);
        assertThat(MetricsLog.read(back.resolve("metrics.jsonl")).get(2).loss()).isEqualTo(third);
    }

    @Test
    void aRunRecordsItsDataAbsolutelyAndResumeComparesTheDataNotItsSpelling() throws Exception {
        Path dataDir = Path.of(data.substring("fashion-mnist:".length()));
        // Relative to the working directory, as a user in the data's parent would write it.
        String relative = "fashion-mnist:" + Path.of("").toAbsolutePath().relativize(dataDir);
        Path out = dir.resolve("relative-run");
        String[] args = train(out, "--epochs", "1");
        args[List.of(args).indexOf("--data") + 1] = relative;
        assertThat(Pcl4j.run(args)).isZero();
        // Before: "fashion-mnist:../…/data", which no other working directory finds again.
        assertThat(Checkpoint.loadLatest(out).config().data()).isEqualTo("fashion-mnist:" + dataDir.toAbsolutePath().normalize());

        for (String same : new String[] {relative, data, "fashion-mnist:" + dataDir + "/./", "fashion-mnist:" + dataDir + "/../data"}) {
            Result r = run(() -> Pcl4j.run("train", "--resume", out.toString(), "--epochs", "1", "--data", same, "--no-progress"));
            assertThat(r.code()).as(same + ": " + r.err()).isZero();
        }
    }

    @Test
    void aRunThatRecordedARelativeFolderResumesFromElsewhereWhenDataNamesIt() throws Exception {
        Path old = dir.resolve("old-run");
        Files.createDirectories(old);
        for (Path p : Files.list(run).toList()) {
            Files.copy(p, old.resolve(p.getFileName()));
        }
        // As an earlier version recorded it: relative to the directory it was started in (here: dir), not recorded.
        Path dataDir = Path.of(data.substring("fashion-mnist:".length()));
        for (Path checkpoint : Checkpoint.list(old)) {
            rewriteHeader(checkpoint, json -> json.replace("\"" + data + "\"", "\"fashion-mnist:" + dir.relativize(dataDir) + "\""));
        }
        assertThat(Checkpoint.loadLatest(old).config().data()).isEqualTo("fashion-mnist:data");

        Result lost = run(() -> Pcl4j.run("train", "--resume", old.toString(), "--epochs", "2", "--no-progress"));
        assertThat(lost.code()).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(lost.errorLines()).hasSize(1);
        assertThat(lost.errorLines().get(0)).contains(Path.of("data").toAbsolutePath() + ": no such directory");

        // Before: "--data ... conflicts with the run (trained with --data fashion-mnist:data)".
        Result named = run(() -> Pcl4j.run("train", "--resume", old.toString(), "--epochs", "2", "--data", data, "--no-progress"));
        assertThat(named.code()).as(named.err()).isZero();
        assertThat(Checkpoint.loadLatest(old).epochsDone()).isEqualTo(2);
        assertThat(Checkpoint.loadLatest(old).config().data()).as("recorded absolutely from now on").isEqualTo(data);

        Result other = run(() -> Pcl4j.run("train", "--resume", old.toString(), "--data", "fashion-mnist:" + dir.resolve("other"),
                "--no-progress"));
        assertThat(other.code()).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(other.errorLines().get(0)).contains("conflicts with the run");
    }

    /** Edits the JSON header of a checkpoint file (magic line, length, JSON, tensors, CRC32), keeping it valid. */
    private static void rewriteHeader(Path file, java.util.function.UnaryOperator<String> edit) throws Exception {
        byte[] all = Files.readAllBytes(file);
        int magic = "PCL4J-CHECKPOINT v1\n".length();
        int length = java.nio.ByteBuffer.wrap(all).getInt(magic);
        byte[] json = edit.apply(new String(all, magic + 4, length, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.write(all, 0, magic);
        out.writeInt(json.length);
        out.write(json);
        out.write(all, magic + 4 + length, all.length - 8 - (magic + 4 + length));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        Files.write(file, bytes.toByteArray());
    }

    @Test
    void aSymmetricRunsQueueMustHoldOneStepsKeys() {
        Result r = run(() -> Pcl4j.run("train", "--data", data, "--out", dir.resolve("symmetric").toString(), "--batch-size", "32",
                "--queue-size", "48", "--symmetric", "--epochs", "1", "--no-progress"));
        assertThat(r.code).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(r.errorLines()).hasSize(1);
        assertThat(r.errorLines().get(0))
                .isEqualTo("pcl4j: error: --queue-size 48 must hold the 64 keys of one step (--symmetric: both views' keys of a batch of 32)");
    }

    @Test
    void shuffleBnSplitsMustDivideTheBatch() {
        Result r = run(() -> Pcl4j.run(train(dir.resolve("splits"), "--epochs", "1", "--bn-splits", "3")));
        assertThat(r.code).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(r.errorLines()).hasSize(1);
        assertThat(r.errorLines().get(0)).startsWith("pcl4j: error: --bn-splits 3 must divide --batch-size 32");
    }

    @Test
    void resumeWithMoreEpochsExtendsAFinishedRunByExactlyTheDifference() throws Exception {
        Path copy = dir.resolve("extended");
        Files.createDirectories(copy);
        for (Path p : Files.list(run).toList()) {
            Files.copy(p, copy.resolve(p.getFileName()));
        }
        Path staleTmp = Files.write(copy.resolve("checkpoint-0009.pcl4j.tmp"), new byte[100]);

        Result shorter = run(() -> Pcl4j.run("train", "--resume", copy.toString(), "--epochs", "0", "--no-progress"));
        assertThat(shorter.code).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(shorter.errorLines().get(0)).startsWith("pcl4j: error: --epochs 0");
        assertThat(staleTmp).as("stale temporary removed on --resume").doesNotExist();

        assertThat(Pcl4j.run("train", "--resume", copy.toString(), "--epochs", "2", "--no-progress")).isZero();
        Checkpoint last = Checkpoint.loadLatest(copy);
        assertThat(last.epochsDone()).isEqualTo(2);
        assertThat(last.config().epochs()).isEqualTo(2);
        assertThat(last.file().getFileName().toString()).isEqualTo("checkpoint-0002.pcl4j");
        assertThat(MetricsLog.read(copy.resolve("metrics.jsonl"))).extracting(org.pcl4j.train.EpochMetrics::epoch).containsExactly(1, 2);
        assertThat(Files.readAllLines(copy.resolve("metrics.jsonl"))).hasSize(2);
    }

    @Test
    void aFolderRunResumesAtTheSideItTrainedAtAfterItsImagesChanged() throws Exception {
        Path folder = dir.resolve("folder");
        for (int i = 0; i < 48; i++) {
            writePng(folder.resolve((i % 2 == 0 ? "a/" : "b/") + String.format("%02d.png", i)), 12, i);
        }
        Path out = dir.resolve("folder-run");
        assertThat(Pcl4j.run("train", "--data", "folder:" + folder, "--out", out.toString(), "--epochs", "1", "--batch-size", "16",
                "--num-cluster", "4", "--kmeans-restarts", "1", "--knn-every", "0", "--no-progress")).isZero();
        assertThat(Checkpoint.loadLatest(out).header().encoder().imageSize()).as("the folder's own side").isEqualTo(12);

        // Larger images added since: the folder's own side is now 20, but the run continues at its 12 px.
        for (int i = 48; i < 144; i++) {
            writePng(folder.resolve((i % 2 == 0 ? "a/" : "b/") + String.format("%03d.png", i)), 20, i);
        }
        Result r = run(() -> Pcl4j.run("train", "--resume", out.toString(), "--epochs", "2", "--no-progress"));
        assertThat(r.code).isZero();
        // not refused (continuing on more images is a use), but not silent either: the run no longer equals an uninterrupted one
        assertThat(r.err).contains("the run trained on 48 images, but", "now has 144: this resumed run continues on other data");
        Checkpoint resumed = Checkpoint.loadLatest(out);
        assertThat(resumed.epochsDone()).isEqualTo(2);
        assertThat(resumed.header().encoder().imageSize()).isEqualTo(12);
    }

    private static void writePng(Path file, int side, int seed) throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(seed);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        Files.createDirectories(file.getParent());
        javax.imageio.ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void unwritableOutIsRefusedBeforeTheDataIsLoaded() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        String missing = "fashion-mnist:" + dir.resolve("no-such-data");
        Result r = run(() -> Pcl4j.run("train", "--data", missing, "--out", file.resolve("run").toString(), "--epochs", "1"));
        assertThat(r.code).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(r.errorLines()).hasSize(1);
        assertThat(r.errorLines().get(0)).startsWith("pcl4j: error: --out " + file.resolve("run"));
    }

    @Test
    void givenSettingsTheRunDoesNotUseAreWarnedOf() {
        Result r = run(() -> Pcl4j.run(train(dir.resolve("unused"), "--preset", "moco-v2", "--epochs", "1", "--num-cluster", "5",
                "--lr-steps", "3,6")));
        assertThat(r.code).isZero();
        assertThat(r.err).contains("WARN", "--num-cluster [5] is not used: this run has no prototype term (--preset moco-v2)",
                "--lr-steps [3, 6] is not used: they are the epochs of --schedule step, and this run's schedule is cosine");
    }

    @Test
    void anEmptyOutIsRefusedRatherThanTheWorkingDirectory() {
        Result r = run(() -> Pcl4j.run("train", "--data", data, "--out", "", "--epochs", "1"));
        assertThat(r.code).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(r.errorLines()).containsExactly("pcl4j: error: --out: expected a folder for the run, got an empty path");
        assertThat(Path.of("metrics.jsonl")).doesNotExist();
    }

    @Test
    void readOnlyOutIsRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root writes into read-only folders");
        Path ro = Files.createDirectories(dir.resolve("read-only"));
        ro.toFile().setWritable(false, false);
        try {
            Result r = run(() -> Pcl4j.run(train(ro, "--epochs", "1")));
            assertThat(r.code).isEqualTo(Pcl4j.EXIT_USAGE);
            assertThat(r.errorLines().get(0)).startsWith("pcl4j: error: --out " + ro).contains("not writable");
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    @Test
    void noCommandExitsWithUsageError() {
        Result r = run(() -> Pcl4j.run());
        assertThat(r.code).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(r.err).contains("Usage: pcl4j");
        // the same for the commands that are only a choice of sub-commands: a script that forgot which one fails
        for (String command : new String[] {"eval", "plot"}) {
            Result sub = run(() -> Pcl4j.run(command));
            assertThat(sub.code).as(command).isEqualTo(Pcl4j.EXIT_USAGE);
            assertThat(sub.err).as(command).contains("Usage: pcl4j " + command);
        }
    }

    /** Runs with System.err captured (picocli's error writer and the progress bar write there). */
    static Result run(Supplier<Integer> command) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = command.get();
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        err.print(text);
        return new Result(code, text);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    record Result(int code, String err) {
        List<String> errorLines() {
            return err.lines().filter(l -> l.startsWith("pcl4j:") || l.contains("Exception")).toList();
        }
    }
}
