package org.pcl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.InputException;

class CifarSourceTest {
    @TempDir
    Path dir;

    private void cifar10(Path folder, int perBatch) throws Exception {
        for (int b = 1; b <= 5; b++) {
            Fixtures.write(folder.resolve("data_batch_" + b + ".bin"), Fixtures.cifarRecords(perBatch, 1, 0), false);
        }
        Fixtures.write(folder.resolve("test_batch.bin"), Fixtures.cifarRecords(perBatch, 1, 2), false);
    }

    @Test
    void cifar10ConvertsChwToHwc() throws Exception {
        cifar10(dir, 3);
        ImageSource src = CifarSource.open(dir, CifarSource.Variant.CIFAR10, Split.TRAIN, SourceOptions.defaults());
        assertThat(src.size()).isEqualTo(15);
        assertThat(src.channels()).isEqualTo(3);
        assertThat(src.imageSize()).isEqualTo(32);
        Image img = src.image(4); // batch 2, record 1
        // crafted pixel: record 1, row 5, column 9, each channel
        for (int c = 0; c < 3; c++) {
            assertThat(img.at(5, 9, c)).isEqualTo(Fixtures.cifarPixel(1, 5, 9, c));
        }
        // raw interleaving: byte (y*32+x)*3+c
        assertThat(img.pixels()[(5 * 32 + 9) * 3 + 2] & 0xFF).isEqualTo(Fixtures.cifarPixel(1, 5, 9, 2));
        assertThat(src.label(4)).isEqualTo(1);
        assertThat(src.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(src.normalization()).isSameAs(Normalization.CIFAR10);
    }

    @Test
    void cifar10AcceptsParentFolderAndReadsClassNames() throws Exception {
        Path inner = dir.resolve("cifar-10-batches-bin");
        cifar10(inner, 2);
        List<String> names = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
        Files.write(inner.resolve("batches.meta.txt"), (String.join("\n", names) + "\n\n").getBytes());
        ImageSource test = CifarSource.open(dir, CifarSource.Variant.CIFAR10, Split.TEST, SourceOptions.defaults());
        assertThat(test.size()).isEqualTo(2);
        assertThat(test.label(1)).isEqualTo(3);
        assertThat(test.classNames()).isEqualTo(names);
    }

    @Test
    void cifar100UsesFineLabel() throws Exception {
        Fixtures.write(dir.resolve("train.bin"), Fixtures.cifarRecords(4, 2, 50), false);
        ImageSource src = CifarSource.open(dir, CifarSource.Variant.CIFAR100, Split.TRAIN, SourceOptions.defaults());
        assertThat(src.size()).isEqualTo(4);
        assertThat(src.label(3)).isEqualTo(53);
        assertThat(src.numClasses()).isEqualTo(100);
        assertThat(src.image(3).at(31, 0, 1)).isEqualTo(Fixtures.cifarPixel(3, 31, 0, 1));
    }

    @Test
    void truncatedBatchNamesFileAndOffsetOrIsSkipped() throws Exception {
        cifar10(dir, 3);
        Path third = dir.resolve("data_batch_3.bin");
        byte[] full = Files.readAllBytes(third);
        Files.write(third, Arrays.copyOf(full, 2 * 3073 + 100));
        assertThatThrownBy(() -> CifarSource.open(dir, CifarSource.Variant.CIFAR10, Split.TRAIN, SourceOptions.defaults()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(third.toString())
                .hasMessageContaining("truncated at byte " + (2 * 3073 + 100))
                .hasMessageContaining("record 2 is incomplete");
        ImageSource src = CifarSource.open(dir, CifarSource.Variant.CIFAR10, Split.TRAIN, new SourceOptions(0, true));
        assertThat(src.size()).isEqualTo(14);
        assertThat(src.skipped()).isEqualTo(1);
        // records after the cut file keep their pixels: image 8 = batch 4, record 0
        assertThat(src.image(8).at(0, 0, 0)).isEqualTo(Fixtures.cifarPixel(0, 0, 0, 0));
    }

    @Test
    void badLabelIsReported() throws Exception {
        Fixtures.write(dir.resolve("test.bin"), Fixtures.cifarRecords(2, 2, 99), false); // labels 99, 100
        assertThatThrownBy(() -> CifarSource.open(dir, CifarSource.Variant.CIFAR100, Split.TEST, SourceOptions.defaults()))
                .hasMessageContaining("test.bin: label 100 at byte " + (3074 + 1));
    }

    @Test
    void missingBatchesAreListed() {
        assertThatThrownBy(() -> CifarSource.open(dir, CifarSource.Variant.CIFAR10, Split.TRAIN, SourceOptions.defaults()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("data_batch_5.bin");
    }
}
