package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.IdxFixtures;
import org.pcl4j.TestImages;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageSources;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;
import org.pcl4j.model.Encoder;
import org.pcl4j.train.Checkpoint;
import org.pcl4j.train.Pcl;

/** A run trained from Java on a {@link DataSpec} records the spec: the CLI evaluates it without --data. */
class PclBuilderDataSpecTest {
    @TempDir
    Path dir;

    @Test
    void cliEvaluatesAJavaRunWithoutData() throws Exception {
        String data = "fashion-mnist:" + IdxFixtures.write(dir.resolve("data"), TestImages.of(160, 28, 4, 1), TestImages.of(32, 28, 4, 2));
        Path run = dir.resolve("run");
        try (Encoder encoder = Pcl.builder(DataSpec.parse(data), SourceOptions.defaults()).limit(128).epochs(1).logEpochs(false)
                .configure(c -> c.batchSize(32).warmupEpochs(0).numClusters(new int[] {4}).workers(1)).outDir(run).build().fit()) {
            assertThat(encoder.featureWidth()).isPositive();
        }
        Checkpoint checkpoint = Checkpoint.loadLatest(run);
        assertThat(checkpoint.config().data()).isEqualTo(data);
        assertThat(checkpoint.config().limit()).isEqualTo(128);

        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Pcl4j.run("eval", "knn", "--checkpoint", run.toString(), "--k", "5");
        } finally {
            System.setOut(saved);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("top-1");
    }

    /**
     * A run trained from Java on an {@link ImageSource} records the source's description, which no command can
     * reopen: every command that opens the checkpoint's data said "--data '<description>': expected one of ..."
     * although no --data was given. Now each says that, and to pass --data.
     */
    @Test
    void cliOnAJavaSourceRunWithoutDataSaysToPassData() throws Exception {
        String data = "fashion-mnist:" + IdxFixtures.write(dir.resolve("data"), TestImages.of(96, 28, 4, 1), TestImages.of(32, 28, 4, 2));
        ImageSource train = ImageSources.limit(DataSpec.parse(data).open(Split.TRAIN, SourceOptions.defaults()), 64);
        Path run = dir.resolve("run");
        Pcl.builder(train).epochs(1).logEpochs(false)
                .configure(c -> c.batchSize(32).warmupEpochs(0).numClusters(new int[] {4}).workers(1)).outDir(run).build().fit().close();
        Checkpoint checkpoint = Checkpoint.loadLatest(run);
        assertThat(checkpoint.config().data()).isEqualTo(train.description());

        String expected = "pcl4j: error: --data: not given, and the run of " + checkpoint.file() + " was trained from a Java ImageSource ("
                + train.description() + ") whose data cannot be reopened from that description; pass --data SPEC";
        String npy = dir.resolve("f.npy").toString();
        String[][] commands = {
            {"eval", "knn", "--checkpoint", run.toString()},
            {"eval", "finetune", "--checkpoint", run.toString()},
            {"embed", "--checkpoint", run.toString(), "--split", "train", "--out", npy},
            {"plot", "tsne", "--checkpoint", run.toString(), "--out", dir.resolve("t.png").toString()},
            {"train", "--resume", run.toString(), "--epochs", "2", "--no-progress"},
        };
        for (String[] command : commands) {
            TrainFlagsTest.Result r = TrainFlagsTest.run(() -> Pcl4j.run(command)); // stderr captured
            assertThat(r.code()).as(String.join(" ", command) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", command)).isEqualTo(expected);
        }
        // --data is the one way to name such a run's data from the command line: resume takes it (the run records it)
        TrainFlagsTest.Result resumed = TrainFlagsTest.run(() -> Pcl4j.run("train", "--resume", run.toString(), "--epochs", "2",
                "--data", data, "--no-progress"));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(Checkpoint.loadLatest(run).epochsDone()).isEqualTo(2);
        assertThat(Checkpoint.loadLatest(run).config().data()).isEqualTo(DataSpec.parse(data).canonical().toString());
    }
}
