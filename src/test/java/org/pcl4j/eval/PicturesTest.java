package org.pcl4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.InputException;
import org.pcl4j.data.Image;

class PicturesTest {
    @TempDir
    Path dir;

    @Test
    void scatterIsAPngOfTheAskedSize() throws Exception {
        float[] xy = {0, 0, 1, 1, 2, 0, 3, 3};
        Path png = dir.resolve("s.png");
        Charts.scatter(xy, new int[] {0, 1, 1, 2}, List.of("a", "b", "c"), "t", png, 640, 480);
        BufferedImage im = ImageIO.read(png.toFile());
        assertThat(im).isNotNull();
        assertThat(im.getWidth()).isEqualTo(640);
        assertThat(im.getHeight()).isEqualTo(480);
    }

    @Test
    void curvesReadNullsAndDrawAPng() throws Exception {
        Path metrics = dir.resolve("metrics.jsonl");
        Files.writeString(metrics, """
                {"epoch": 0, "lr": 0.03, "loss": 6.1, "loss_instance": 6.1, "loss_proto": null, "acc_instance": 10.0, "acc_proto": null, "images_per_s": 900, "estep_seconds": null, "knn_top1": 0.41}
                {"epoch": 1, "lr": 0.03, "loss": 5.2, "loss_instance": 4.9, "loss_proto": 0.3, "acc_instance": 20.0, "acc_proto": 35.5, "images_per_s": 910, "estep_seconds": 2.5, "knn_top1": null}

                {"epoch": 2, "loss": 4.8, "knn_top1": 0.55}
                """);
        List<org.pcl4j.train.EpochMetrics> epochs = MetricsLog.read(metrics);
        assertThat(epochs).hasSize(3);
        assertThat(epochs.get(0).lossProto()).isNull();
        assertThat(epochs.get(1).accProto()).isEqualTo(35.5);
        assertThat(epochs.get(2).lr()).isNull();
        Path png = dir.resolve("c.png");
        Charts.curves(epochs, "run", png, 800, 900);
        BufferedImage im = ImageIO.read(png.toFile());
        assertThat(im.getWidth()).isEqualTo(800);
        assertThat(im.getHeight()).isEqualTo(900);
    }

    @Test
    void curvesDrawOnlyPanelsAndSeriesWithValues() throws Exception {
        Path metrics = dir.resolve("metrics.jsonl");
        Files.writeString(metrics, """
                {"epoch": 1, "loss": 6.1, "loss_instance": 6.1, "loss_proto": null, "acc_instance": 0.1, "acc_proto": null, "knn_top1": null}
                {"epoch": 2, "loss": 5.2, "loss_instance": 5.2, "loss_proto": null, "acc_instance": 0.2, "acc_proto": null, "knn_top1": null}
                """);
        List<String> panels = Charts.panelsWithData(MetricsLog.read(metrics)).stream()
                .map(p -> p.axis() + " " + p.names()).toList();
        // an instance-only run without the kNN monitor: no empty kNN panel, no prototype series
        assertThat(panels).containsExactly("loss [loss, loss_instance]", "accuracy (fraction of the batch) [acc_instance]");
    }

    @Test
    void malformedMetricsNameTheLine() throws Exception {
        Path metrics = dir.resolve("bad.jsonl");
        Files.writeString(metrics, "{\"epoch\": 0}\nnot json\n");
        assertThatThrownBy(() -> MetricsLog.read(metrics)).isInstanceOf(InputException.class).hasMessageContaining("bad.jsonl:2");
    }

    @Test
    void clusterGridPicksDistinctClustersAndRendersTheExpectedSize() throws Exception {
        int[] assignments = new int[200];
        for (int i = 0; i < assignments.length; i++) {
            assignments[i] = i % 7 == 6 ? 6 : i % 6; // cluster 6 is small (28 members), the others ~29
        }
        assignments[0] = 9; // a singleton cluster, never eligible for rows of 5
        List<ClusterGrid.Row> rows = ClusterGrid.pick(assignments, 4, 5, 1);
        assertThat(rows).hasSize(4);
        assertThat(rows.stream().mapToInt(ClusterGrid.Row::cluster).distinct().count()).isEqualTo(4);
        for (ClusterGrid.Row r : rows) {
            assertThat(r.cluster()).isNotEqualTo(9);
            assertThat(r.indices()).hasSize(5);
            assertThat(java.util.Arrays.stream(r.indices()).allMatch(i -> assignments[i] == r.cluster())).isTrue();
        }
        assertThat(ClusterGrid.pick(assignments, 4, 5, 2)).isNotEqualTo(rows);

        List<List<Image>> images = new ArrayList<>();
        for (ClusterGrid.Row r : rows) {
            List<Image> row = new ArrayList<>();
            for (int i : r.indices()) {
                byte[] px = new byte[28 * 28];
                java.util.Arrays.fill(px, (byte) i);
                row.add(new Image(px, 1, 28, 28));
            }
            images.add(row);
        }
        int cell = 40;
        Path png = dir.resolve("grid.png");
        ClusterGrid.writePng(ClusterGrid.render(images, List.of("a", "b", "c", "d"), cell), png);
        BufferedImage im = ImageIO.read(png.toFile());
        assertThat(im.getWidth()).isEqualTo(ClusterGrid.LABEL_WIDTH + 5 * (cell + ClusterGrid.GAP) + ClusterGrid.GAP);
        assertThat(im.getHeight()).isEqualTo(4 * (cell + ClusterGrid.GAP) + ClusterGrid.GAP);
        // the first image of the first row is drawn with its grey value
        int grey = rows.get(0).indices()[0] & 0xFF;
        int rgb = im.getRGB(ClusterGrid.LABEL_WIDTH + ClusterGrid.GAP + cell / 2, ClusterGrid.GAP + cell / 2) & 0xFF;
        assertThat(rgb).isEqualTo(grey);
    }

    /**
     * A chart that cannot be drawn used to leave a 0-byte file where a good picture was (JFreeChart
     * opened the file before rendering): now the picture is rendered first and renamed into place.
     */
    @Test
    void aChartThatCannotBeDrawnLeavesTheExistingPictureAsItWas() throws Exception {
        Path metrics = dir.resolve("metrics.jsonl");
        Files.writeString(metrics, "{\"epoch\": 1, \"loss\": 6.1}\n{\"epoch\": 2, \"loss\": 5.2}\n");
        List<org.pcl4j.train.EpochMetrics> epochs = MetricsLog.read(metrics);
        Path png = dir.resolve("keep.png");
        Charts.curves(epochs, "run", png, 300, 200);
        byte[] good = Files.readAllBytes(png);
        // 10^10 pixels: AWT refuses (or the heap cannot hold) the image
        assertThatThrownBy(() -> Charts.curves(epochs, "run", png, 100_000, 100_000)).isNotNull();
        assertThat(Files.readAllBytes(png)).isEqualTo(good);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("metrics.jsonl", "keep.png");
        }
    }

    /** The writer behind every picture and .npy: a failure (an I/O error, or an Error such as OOM) keeps the old file and leaves no temporary. */
    @Test
    void atomicWritesKeepTheOldFileWhenTheContentFails() throws Exception {
        Path file = dir.resolve("f.bin");
        org.pcl4j.data.AtomicFiles.write(file, out -> out.write(new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> org.pcl4j.data.AtomicFiles.write(file, out -> {
            out.write(new byte[1000]);
            throw new java.io.IOException("No space left on device");
        })).hasMessage("No space left on device");
        assertThatThrownBy(() -> org.pcl4j.data.AtomicFiles.write(file, out -> {
            out.write(9);
            throw new OutOfMemoryError("Java heap space");
        })).isInstanceOf(OutOfMemoryError.class);
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
