package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.IdxFixtures;
import org.pcl4j.TestImages;
import org.pcl4j.data.Npy;

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
