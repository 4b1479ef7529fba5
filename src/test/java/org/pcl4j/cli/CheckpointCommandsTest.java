package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.IdxFixtures;
import org.pcl4j.TestImages;
import org.pcl4j.data.Npy;
import org.pcl4j.model.Devices;
import org.pcl4j.model.PclModel;
import org.pcl4j.tensor.Tensors;
import org.pcl4j.train.Checkpoint;
import org.pcl4j.train.Sgd;
import org.pcl4j.train.TrainConfig;

/** train → embed / eval / plot on the checkpoint, end to end through the CLI. */
class CheckpointCommandsTest {
    @TempDir
    static Path dir;
    static String data;
    static Path run;

    @BeforeAll
    static void train() throws Exception {
        data = "fashion-mnist:" + IdxFixtures.write(dir.resolve("data"), TestImages.of(256, 28, 4, 1), TestImages.of(64, 28, 4, 2));
        run = dir.resolve("run");
        int code = Pcl4j.run("train", "--data", data, "--out", run.toString(), "--epochs", "2", "--warmup-epochs", "1",
                "--batch-size", "32", "--queue-size", "128", "--num-cluster", "4,8", "--kmeans-restarts", "1", "--no-progress");
        assertThat(code).isZero();
        assertThat(run.resolve("checkpoint-0002.pcl4j")).exists();
    }

    @Test
    void embedWritesFeaturesAndLabels() {
        Path out = dir.resolve("test.npy");
        assertThat(Pcl4j.run("embed", "--checkpoint", run.toString(), "--split", "test", "--out", out.toString())).isZero();
        Npy.FloatArray f = Npy.readFloats(out);
        assertThat(f.shape()).containsExactly(64, 256); // small-cnn backbone width
        assertThat(Npy.readInts(dir.resolve("test.labels.npy")).data()).hasSize(64);

        Path head = dir.resolve("head.npy");
        assertThat(Pcl4j.run("embed", "--checkpoint", run.toString(), "--split", "test", "--head", "--out", head.toString())).isZero();
        assertThat(Npy.readFloats(head).shape()).containsExactly(64, 128);
    }

    /**
     * --out that is a folder, or in a folder that takes no files, is one line before the embedding runs
     * (it was a FileSystemException / NoSuchFileException after the whole embedding, exit 1).
     */
    @Test
    void embedChecksItsOutputBeforeEmbedding() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("existing"));
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int intoFolder;
        int intoProc;
        try {
            System.setErr(new PrintStream(err, true));
            intoFolder = Pcl4j.run("embed", "--checkpoint", run.toString(), "--split", "test", "--out", folder.toString());
            intoProc = Pcl4j.run("embed", "--checkpoint", run.toString(), "--split", "test", "--out", "/proc/x.npy");
        } finally {
            System.setErr(oldErr);
        }
        assertThat(intoFolder).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(intoProc).isEqualTo(Pcl4j.EXIT_USAGE);
        // exactly the two error lines: no "embedding the test split" log line came first
        assertThat(err.toString().strip().split("\n")).containsExactly(
                "pcl4j: error: --out " + folder + ": is a directory (expected a file name)",
                "pcl4j: error: --out /proc/x.npy: cannot write into /proc (" + procReason() + ")");
    }

    /** What creating a file in /proc gives on this machine (the kernel's reason, not pcl4j's). */
    private static String procReason() {
        try {
            Files.delete(Files.createTempFile(Path.of("/proc"), ".write-test", ".tmp"));
            return "writable?";
        } catch (java.io.IOException e) {
            return org.pcl4j.data.AtomicFiles.reason(e);
        }
    }

    /** A labelled embedding, then an unlabelled one to the same file: the first one's labels file must go. */
    @Test
    void anUnlabelledEmbeddingRemovesTheLabelsOfAnEarlierOne() throws Exception {
        Path out = dir.resolve("same").resolve("s.npy");
        Path labels = dir.resolve("same").resolve("s.labels.npy");
        EmbedCommand.write(out, new org.pcl4j.eval.CheckpointFeatures.Embedding(new float[] {1, 2, 3, 4}, 2, 2, new int[] {0, 1}, List.of()), "backbone");
        assertThat(Npy.readInts(labels).data()).containsExactly(0, 1);
        PrintStream oldOut = System.out;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true));
            EmbedCommand.write(out, new org.pcl4j.eval.CheckpointFeatures.Embedding(new float[] {5, 6, 7}, 3, 1, null, List.of()), "backbone");
        } finally {
            System.setOut(oldOut);
        }
        assertThat(Npy.readFloats(out).data()).containsExactly(5, 6, 7);
        assertThat(labels).doesNotExist();
        assertThat(stdout.toString()).contains("removed " + labels + ": an earlier embedding's labels; these features have none");
    }

    @Test
    void evalProtocolsRunOnTheCheckpoint() throws Exception {
        for (String protocol : new String[] {"knn", "cluster"}) {
            Path json = dir.resolve(protocol + ".json");
            assertThat(Pcl4j.run("eval", protocol, "--checkpoint", run.toString(), "--json", json.toString())).as(protocol).isZero();
            assertThat(Files.readString(json)).contains("\"protocol\": \"" + protocol + "\"");
        }
        Path json = dir.resolve("finetune.json");
        assertThat(Pcl4j.run("eval", "finetune", "--checkpoint", run.toString(), "--fractions", "0.25", "--epochs", "1",
                "--batch-size", "16", "--json", json.toString())).isZero();
        assertThat(Files.readString(json)).contains("\"top1\"");
    }

    /**
     * {@code eval cluster} clusters the train split: it embedded the test split too (a minute of an ImageNet-sized
     * test set for nothing) and refused data that has none.
     */
    @Test
    void evalClusterEmbedsTheTrainSplitAloneAndNeedsNoTestSplit() throws Exception {
        Path trainOnly = Files.createDirectories(dir.resolve("train-only"));
        Path source = Path.of(data.substring("fashion-mnist:".length()));
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"}) {
            Files.copy(source.resolve(f), trainOnly.resolve(f));
        }
        Path json = dir.resolve("cluster-train-only.json");
        TrainFlagsTest.Result r = TrainFlagsTest.run(() -> Pcl4j.run("eval", "cluster", "--checkpoint", run.toString(), "--data",
                "fashion-mnist:" + trainOnly, "--json", json.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("embedding the train split").doesNotContain("test split");
        assertThat(Files.readString(json)).contains("\"ami\"");
    }

    /**
     * A fine-tune whose loss became NaN predicted one class, and its chance-level top-1 was reported as a result
     * (on Fashion-MNIST, lr 1e6: exactly 0.1000, exit 0); a negative --wd was taken. Both are now one line naming the flag.
     */
    @Test
    void aDivergedFineTuneIsOneLineNotAResult() {
        Path json = dir.resolve("diverged.json");
        TrainFlagsTest.Result r = TrainFlagsTest.run(() -> Pcl4j.run("eval", "finetune", "--checkpoint", run.toString(), "--fractions",
                "0.25", "--epochs", "2", "--batch-size", "16", "--lr", "1e30", "--json", json.toString()));
        assertThat(r.code()).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(r.errorLines()).as(r.err()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("pcl4j: error: --lr 1.0E30: fine-tuning on ")
                .containsPattern("on \\d+ labelled images diverged \\(loss (NaN|-?Infinity) in epoch [12] of 2\\)").endsWith("try a smaller --lr"));
        assertThat(json).doesNotExist();
        TrainFlagsTest.Result wd = TrainFlagsTest.run(() -> Pcl4j.run("eval", "finetune", "--checkpoint", run.toString(), "--wd", "-5"));
        assertThat(wd.code()).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(wd.errorLines()).containsExactly("pcl4j: error: --wd: expected a finite number >= 0, got -5.0");
    }

    /**
     * A resume with another PyTorch thread count (another machine, taskset, a container's CPU limit) gave other numbers
     * with no word: the checkpoint now records the count, and a resume on the CPU with another says so.
     */
    @Test
    void aResumeWithAnotherThreadCountSaysItWillNotBeBitEqual() throws Exception {
        Checkpoint c = Checkpoint.loadLatest(run);
        int now = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        assertThat(c.header().torchThreads()).as("recorded by the run").isEqualTo(now);
        Path other = dir.resolve("other-threads");
        TrainConfig cfg = c.config();
        Checkpoint.Header h = c.header();
        try (NDManager m = Devices.newManager();
                PclModel model = PclModel.create(h.encoder(), cfg.queueSize(), cfg.emaMomentum(), cfg.seed(), m);
                Sgd sgd = Sgd.over(List.of(model.trainableVector()), cfg.sgdMomentum(), cfg.weightDecay())) {
            c.restore(model, sgd);
            Checkpoint.save(other, new Checkpoint.Header(h.epochsDone(), cfg, h.encoder(), h.queuePointer(), h.metrics(), h.numImages(),
                    now + 7), model, sgd);
        }
        TrainFlagsTest.Result r = TrainFlagsTest.run(() -> Pcl4j.run("train", "--resume", other.toString(), "--epochs", "3",
                "--no-progress"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("the run trained with " + (now + 7) + " PyTorch threads, this one has " + now,
                "will not equal an uninterrupted one bit for bit", "-Dai.djl.pytorch.num_threads=" + (now + 7));
        TrainFlagsTest.Result same = TrainFlagsTest.run(() -> Pcl4j.run("train", "--resume", other.toString(), "--epochs", "4",
                "--no-progress"));
        assertThat(same.code()).as(same.err()).isZero();
        assertThat(same.err()).as("its own checkpoints record this count").doesNotContain("PyTorch threads");
    }

    @Test
    void tsneAndCurvesPictures() throws Exception {
        Path tsne = dir.resolve("tsne.png");
        assertThat(Pcl4j.run("plot", "tsne", "--checkpoint", run.toString(), "--out", tsne.toString(), "--iterations", "250")).isZero();
        BufferedImage image = ImageIO.read(tsne.toFile());
        assertThat(image.getWidth()).isEqualTo(1100);
        Path curves = dir.resolve("curves.png");
        assertThat(Pcl4j.run("plot", "curves", "--metrics", run.toString(), "--out", curves.toString())).isZero();
        assertThat(ImageIO.read(curves.toFile())).isNotNull();
    }

    /** A checkpoint whose weights are NaN: every consumer of its features says so in one line instead of scoring NaN. */
    @Test
    void aCheckpointThatGivesNanFeaturesIsOneLine() throws Exception {
        Path nanRun = dir.resolve("nan-run");
        Checkpoint c = Checkpoint.loadLatest(run);
        TrainConfig cfg = c.config();
        try (NDManager m = Devices.newManager();
                PclModel model = PclModel.create(c.header().encoder(), cfg.queueSize(), cfg.emaMomentum(), cfg.seed(), m);
                Sgd sgd = Sgd.over(List.of(model.trainableVector()), cfg.sgdMomentum(), cfg.weightDecay())) {
            c.restore(model, sgd);
            Tensors.muli(model.trainableVector().values(), Float.NaN);
            Checkpoint.save(nanRun, c.header(), model, sgd);
        }
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true));
            code = Pcl4j.run("eval", "knn", "--checkpoint", nanRun.toString(), "--data", data);
        } finally {
            System.setErr(oldErr);
        }
        assertThat(code).isEqualTo(Pcl4j.EXIT_USAGE);
        // the log lines of the embedding come first; the error is the one last line
        String[] lines = err.toString().strip().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("pcl4j: error: --checkpoint " + Checkpoint.fileFor(nanRun, 2))
                .contains("NaN or infinite features (first at image 0 of the train split, column 0)");
        assertThat(err.toString()).doesNotContain("Exception");
    }

    @Test
    void evaluationsOnDataThatIsGoneNameTheMissingFolder() {
        Path gone = dir.resolve("no-such-folder");
        for (String protocol : new String[] {"knn", "finetune"}) {
            TrainFlagsTest.Result r = TrainFlagsTest.run(() -> Pcl4j.run("eval", protocol, "--checkpoint", run.toString(), "--data",
                    "folder:" + gone));
            assertThat(r.code()).as(protocol).isEqualTo(Pcl4j.EXIT_USAGE);
            assertThat(r.errorLines()).as(r.err()).hasSize(1);
            // Before: "the evaluations need a test split, none found", as if the folder were there.
            assertThat(r.errorLines().get(0)).as(protocol).startsWith("pcl4j: error: --data folder:" + gone)
                    .contains(gone + ": no such directory");
        }
    }

    @Test
    void missingCheckpointIsAUsageError() {
        assertThat(Pcl4j.run("eval", "knn", "--checkpoint", dir.resolve("nothing").toString())).isEqualTo(Pcl4j.EXIT_USAGE);
    }
}
