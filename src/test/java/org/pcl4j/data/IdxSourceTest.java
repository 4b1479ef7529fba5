package org.pcl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcl4j.InputException;

class IdxSourceTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void pixelsAndLabelsRoundTrip(boolean gzip) throws Exception {
        Fixtures.idxSplit(dir, Split.TRAIN, 12, 4, 5, gzip);
        ImageSource src = IdxSource.open(dir, Split.TRAIN, IdxSource.Flavor.MNIST, SourceOptions.defaults(), "");

        assertThat(src.size()).isEqualTo(12);
        assertThat(src.channels()).isEqualTo(1);
        assertThat(src.imageSize()).isEqualTo(4);
        assertThat(src.numClasses()).isEqualTo(10);
        assertThat(src.normalization()).isSameAs(Normalization.MNIST);
        Image img = src.image(7);
        assertThat(img.height()).isEqualTo(4);
        assertThat(img.width()).isEqualTo(5);
        assertThat(img.at(3, 2, 0)).isEqualTo(Fixtures.idxPixel(7, 3, 2));
        assertThat(img.at(0, 4, 0)).isEqualTo(Fixtures.idxPixel(7, 0, 4));
        assertThat(src.label(7)).isEqualTo(7);
        assertThat(src.label(11)).isEqualTo(1);
        assertThatThrownBy(() -> src.label(12)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(src.skipped()).isZero();
        assertThat(src).hasToString(src.description() + " (12 images)");
    }

    @Test
    void aDamagedGzipIsCorruptNotTruncatedAndKeepsNothing() throws Exception {
        byte[] zipped = Fixtures.gzip(Fixtures.idxImages(10, 4, 4));
        zipped[zipped.length - 6] ^= 0x10; // a flipped bit in the trailer's CRC: the stream decodes to its end, and fails the check
        Path images = Files.write(dir.resolve("train-images-idx3-ubyte.gz"), zipped);
        Fixtures.write(dir.resolve("train-labels-idx1-ubyte"), Fixtures.idxLabels(10), false);
        for (boolean skip : new boolean[] {false, true}) { // --skip-bad-images keeps a cut file's complete images, not these
            assertThatThrownBy(() -> IdxSource.open(dir, Split.TRAIN, IdxSource.Flavor.MNIST, new SourceOptions(0, skip), ""))
                    .isInstanceOf(InputException.class)
                    .hasMessageStartingWith(images + ": corrupt gzip data (")
                    .hasMessageEndingWith("); the file is damaged, fetch it again")
                    .hasMessageNotContaining("truncated");
        }
    }

    @Test
    void gzipIsDetectedByContentNotName() throws Exception {
        // gzipped bytes under the raw name
        Fixtures.write(dir.resolve("t10k-images-idx3-ubyte"), Fixtures.idxImages(3, 2, 2), true);
        Fixtures.write(dir.resolve("t10k-labels-idx1-ubyte"), Fixtures.idxLabels(3), false);
        ImageSource src = IdxSource.open(dir, Split.TEST, IdxSource.Flavor.FASHION_MNIST, SourceOptions.defaults(), "");
        assertThat(src.size()).isEqualTo(3);
        assertThat(src.image(2).at(1, 1, 0)).isEqualTo(Fixtures.idxPixel(2, 1, 1));
        assertThat(src.classNames().get(9)).isEqualTo("Ankle boot");
    }

    @Test
    void imageSizeOptionOverridesNativeSize() throws Exception {
        Fixtures.idxSplit(dir, Split.TRAIN, 2, 4, 4, false);
        ImageSource src = IdxSource.open(dir, Split.TRAIN, IdxSource.Flavor.MNIST, new SourceOptions(8, false), "");
        assertThat(src.imageSize()).isEqualTo(8);
        assertThat(src.image(0).height()).isEqualTo(4);
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void truncatedFileNamesFileAndOffset(boolean gzip) throws Exception {
        byte[] full = Fixtures.idxImages(10, 4, 4);
        byte[] cut = Arrays.copyOf(full, 16 + 6 * 16 + 5); // 6 complete images and 5 bytes of the 7th
        Path images = dir.resolve("train-images-idx3-ubyte" + (gzip ? ".gz" : ""));
        if (gzip) {
            // a cut gzip stream: the decompressed data ends early without a proper trailer
            byte[] zipped = Fixtures.gzip(full);
            Files.write(images, Arrays.copyOf(zipped, zipped.length / 2));
        } else {
            Files.write(images, cut);
        }
        Fixtures.write(dir.resolve("train-labels-idx1-ubyte"), Fixtures.idxLabels(10), false);

        if (!gzip) {
            assertThatThrownBy(() -> IdxSource.open(dir, Split.TRAIN, IdxSource.Flavor.MNIST, SourceOptions.defaults(), ""))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining(images.toString())
                    .hasMessageContaining("truncated at byte " + cut.length)
                    .hasMessageContaining("6 of 10 images");
            ImageSource src = IdxSource.open(dir, Split.TRAIN, IdxSource.Flavor.MNIST, new SourceOptions(0, true), "");
            assertThat(src.size()).isEqualTo(6);
            assertThat(src.skipped()).isEqualTo(4);
            assertThat(src.image(5).at(3, 3, 0)).isEqualTo(Fixtures.idxPixel(5, 3, 3));
        } else {
            assertThatThrownBy(() -> IdxSource.open(dir, Split.TRAIN, IdxSource.Flavor.MNIST, SourceOptions.defaults(), ""))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining(images.toString())
                    .hasMessageMatching(".*truncated at decompressed byte \\d+.*");
            ImageSource src = IdxSource.open(dir, Split.TRAIN, IdxSource.Flavor.MNIST, new SourceOptions(0, true), "");
            assertThat(src.size() + src.skipped()).isEqualTo(10);
            assertThat(src.skipped()).isPositive();
        }
    }

    @Test
    void truncatedLabelsLimitTheImagesKept() throws Exception {
        Fixtures.write(dir.resolve("train-images-idx3-ubyte"), Fixtures.idxImages(10, 2, 2), false);
        byte[] labels = Fixtures.idxLabels(10);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), Arrays.copyOf(labels, 8 + 7));
        assertThatThrownBy(() -> IdxSource.open(dir, Split.TRAIN, IdxSource.Flavor.MNIST, SourceOptions.defaults(), ""))
                .hasMessageContaining("train-labels-idx1-ubyte: truncated at byte 15");
        ImageSource src = IdxSource.open(dir, Split.TRAIN, IdxSource.Flavor.MNIST, new SourceOptions(0, true), "");
        assertThat(src.size()).isEqualTo(7);
        assertThat(src.skipped()).isEqualTo(3);
    }

    @Test
    void wrongMagicAndCountMismatchAreReported() throws Exception {
        Fixtures.write(dir.resolve("train-images-idx3-ubyte"), Fixtures.idxLabels(4), false);
        Fixtures.write(dir.resolve("train-labels-idx1-ubyte"), Fixtures.idxLabels(4), false);
        assertThatThrownBy(() -> IdxSource.open(dir, Split.TRAIN, IdxSource.Flavor.MNIST, SourceOptions.defaults(), ""))
                .hasMessageContaining("not an IDX3 images file");

        Fixtures.write(dir.resolve("train-images-idx3-ubyte"), Fixtures.idxImages(5, 2, 2), false);
        assertThatThrownBy(() -> IdxSource.open(dir, Split.TRAIN, IdxSource.Flavor.MNIST, SourceOptions.defaults(), ""))
                .hasMessageContaining("has 4 labels but")
                .hasMessageContaining("has 5 images");
    }

    @Test
    void missingFilesListExpectedNames() {
        assertThatThrownBy(() -> IdxSource.open(dir, Split.TEST, IdxSource.Flavor.MNIST, SourceOptions.defaults(), ""))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("t10k-images-idx3-ubyte[.gz]")
                .hasMessageContaining("t10k-labels-idx1-ubyte[.gz]");
    }
}
