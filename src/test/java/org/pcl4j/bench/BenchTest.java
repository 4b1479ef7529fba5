package org.pcl4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.data.ImageSource;

class BenchTest {
    @TempDir
    Path dir;

    /** The benchmarks open data as train does: --image-size applies to an image folder too (it used to open at 224 px). */
    @Test
    void imageSizeAppliesToEveryDataSet() throws Exception {
        for (String cls : new String[] {"a", "b"}) {
            Files.createDirectories(dir.resolve(cls));
            for (int i = 0; i < 3; i++) {
                ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", dir.resolve(cls + "/" + i + ".png").toFile());
            }
        }
        String data = "folder:" + dir;
        BenchArgs sized = new BenchArgs(new String[] {"--image-size", "32", "--limit", "4", "--batch-size", "2"}, Bench.flags());
        ImageSource source = Bench.openTrain(sized, data, 0);
        assertThat(source.imageSize()).isEqualTo(32);
        assertThat(source.size()).isEqualTo(4);
        assertThat(Bench.config(sized, data).build(source.size()).imageSize()).isEqualTo(32);

        BenchArgs unsized = new BenchArgs(new String[0], Bench.flags());
        assertThat(Bench.openTrain(unsized, data, 0).imageSize()).isEqualTo(8); // the folder's own side, as train's
    }

    /** A pipeline measurement too short for the process CPU clock gives no per-CPU-second figure, not an infinite one. */
    @Test
    void imagesPerCpuSecondIsAbsentWhenNoCpuTimeWasMeasured() {
        assertThat(new LoaderThroughput.Result(48, 0.01, 0).imagesPerCpuS()).isNull();
        assertThat(new LoaderThroughput.Result(48, 0.5, 2).imagesPerCpuS()).isEqualTo(24.0);
    }
}
