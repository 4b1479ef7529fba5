package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.data.Npy;
import org.pcl4j.eval.MetricsLog;

/** Files the commands write: permissions like any file, and curves that cope with what older runs wrote. */
class RunOutputTest {
    @Test
    void plotCurvesKeepsTheLastLineOfARepeatedEpoch(@TempDir Path dir) throws Exception {
        // What a crash during a checkpoint write left in an older version: epochs 0 0 1.
        Path metrics = Files.writeString(dir.resolve("metrics.jsonl"), """
                {"epoch": 0, "loss": 9.0, "knn_top1": 0.1}
                {"epoch": 0, "loss": 7.0, "knn_top1": 0.2}
                {"epoch": 1, "loss": 6.0, "knn_top1": 0.3}
                """);
        assertThat(MetricsLog.read(metrics)).extracting(org.pcl4j.train.EpochMetrics::epoch).containsExactly(1, 2); // renumbered from 1
        assertThat(MetricsLog.read(metrics).get(0).loss()).isEqualTo(7.0);

        Path png = dir.resolve("curves.png");
        assertThat(TrainFlagsTest.run(() -> Pcl4j.run("plot", "curves", "--metrics", dir.toString(), "--out", png.toString())).code())
                .isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
    }

    @Test
    void clusterOutputHasTheUsualPermissions(@TempDir Path dir) throws Exception {
        Path features = dir.resolve("f.npy");
        Npy.write(features, new float[] {0, 0, 0, 1, 10, 10, 10, 11}, 4, 2);
        Path out = dir.resolve("out");
        assertThat(Pcl4j.run("cluster", "--features", features.toString(), "--k", "2", "--out", out.toString(), "--restarts", "1")).isZero();
        // An ordinary file created in the same folder shows what the umask allows (0644 under the usual 022).
        Set<PosixFilePermission> ordinary = Files.getPosixFilePermissions(Files.createFile(out.resolve("ordinary")));
        assertThat(ordinary).as("test premise: the umask lets others read").contains(PosixFilePermission.OTHERS_READ);
        for (String name : new String[] {"centroids_k2.npy", "assignments_k2.npy", "distances_k2.npy", "concentration_k2.npy"}) {
            assertThat(Files.getPosixFilePermissions(out.resolve(name))).as(name).isEqualTo(ordinary);
        }
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
