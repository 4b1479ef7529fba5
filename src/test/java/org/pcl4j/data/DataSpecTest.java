package org.pcl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.InputException;

class DataSpecTest {
    @TempDir
    Path dir;

    @Test
    void parsesEveryForm() {
        assertThat(DataSpec.parse("fashion-mnist")).isEqualTo(new DataSpec("fashion-mnist", DataSpec.DEFAULT_FASHION_MNIST));
        assertThat(DataSpec.parse("fashion-mnist:/d")).isEqualTo(new DataSpec("fashion-mnist", Path.of("/d")));
        assertThat(DataSpec.parse("mnist:m")).isEqualTo(new DataSpec("mnist", Path.of("m")));
        assertThat(DataSpec.parse("cifar10:/c")).isEqualTo(new DataSpec("cifar10", Path.of("/c")));
        assertThat(DataSpec.parse("cifar100:/c")).isEqualTo(new DataSpec("cifar100", Path.of("/c")));
        assertThat(DataSpec.parse("folder:/f/g")).isEqualTo(new DataSpec("folder", Path.of("/f/g")));
    }

    @Test
    void rejectsUnknownFormsListingTheAcceptedOnes() {
        for (String bad : new String[] {"imagenet:/x", "mnist", "cifar10:", "", "folder"}) {
            assertThatThrownBy(() -> DataSpec.parse(bad))
                    .as(bad)
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("cifar100:DIR")
                    .hasMessageContaining("folder:DIR");
        }
        assertThatThrownBy(() -> DataSpec.parse("imagenet:/x")).hasMessageContaining("imagenet:/x");
    }

    @Test
    void missingDirectoryNamesPathAndFiles() {
        Path missing = dir.resolve("nothing");
        assertThatThrownBy(() -> DataSpec.parse("mnist:" + missing).open(Split.TRAIN, SourceOptions.defaults()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(missing + ": no such directory")
                .hasMessageContaining("train-images-idx3-ubyte[.gz]")
                .hasMessageNotContaining("apt-get");
    }

    @Test
    void missingDefaultFashionMnistSaysHowToInstallIt() {
        DataSpec defaultDir = new DataSpec("fashion-mnist", DataSpec.DEFAULT_FASHION_MNIST);
        Assumptions.assumeFalse(Files.isDirectory(DataSpec.DEFAULT_FASHION_MNIST));
        assertThatThrownBy(() -> defaultDir.open(Split.TRAIN, SourceOptions.defaults()))
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
    }

    @Test
    void folderSplits() throws Exception {
        Fixtures.png(dir.resolve("flat/a.png"), 2, 2, 0);
        DataSpec flat = DataSpec.parse("folder:" + dir.resolve("flat"));
        assertThat(flat.hasSplit(Split.TRAIN)).isTrue();
        assertThat(flat.hasSplit(Split.TEST)).isFalse();
        assertThatThrownBy(() -> flat.open(Split.TEST, SourceOptions.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("no test split");

        Fixtures.png(dir.resolve("split/train/cat/a.png"), 2, 2, 0);
        Fixtures.png(dir.resolve("split/train/dog/a.png"), 2, 2, 0);
        Fixtures.png(dir.resolve("split/test/dog/b.png"), 2, 2, 0);
        DataSpec split = DataSpec.parse("folder:" + dir.resolve("split"));
        assertThat(split.hasSplit(Split.TEST)).isTrue();
        ImageSource test = split.open(Split.TEST, SourceOptions.defaults());
        // test has only "dog", which keeps its training label 1
        assertThat(test.size()).isEqualTo(1);
        assertThat(test.label(0)).isEqualTo(1);
        assertThat(test.classNames()).containsExactly("cat", "dog");
        assertThat(split.open(Split.TRAIN, SourceOptions.defaults()).size()).isEqualTo(2);
    }

    @Test
    void idxAndCifarSplitsAreDetected() throws Exception {
        Fixtures.idxSplit(dir, Split.TRAIN, 2, 2, 2, true);
        DataSpec spec = DataSpec.parse("fashion-mnist:" + dir);
        assertThat(spec.hasSplit(Split.TRAIN)).isTrue();
        assertThat(spec.hasSplit(Split.TEST)).isFalse();
        assertThat(spec.open(Split.TRAIN, SourceOptions.defaults()).size()).isEqualTo(2);
        assertThat(DataSpec.parse("cifar10:" + dir).hasSplit(Split.TEST)).isFalse();
    }

    @Test
    void realFashionMnist() {
        DataSpec spec = DataSpec.parse("fashion-mnist");
        Assumptions.assumeTrue(spec.hasSplit(Split.TRAIN) && spec.hasSplit(Split.TEST), "Fashion-MNIST not installed");
        ImageSource train = spec.open(Split.TRAIN, SourceOptions.defaults());
        ImageSource test = spec.open(Split.TEST, SourceOptions.defaults());
        assertThat(train.size()).isEqualTo(60000);
        assertThat(test.size()).isEqualTo(10000);
        assertThat(train.numClasses()).isEqualTo(10);
        assertThat(train.label(0)).isEqualTo(9);
        assertThat(train.imageSize()).isEqualTo(28);
        assertThat(train.skipped()).isZero();
        int[] counts = new int[10];
        for (int i = 0; i < train.size(); i++) {
            counts[train.label(i)]++;
        }
        assertThat(counts).containsOnly(6000);
        assertThat(ImageSources.limit(train, 100).size()).isEqualTo(100);
        assertThatThrownBy(() -> ImageSources.limit(test, 20000))
                .hasMessageContaining("limit 20000 exceeds the 10000 images of fashion-mnist");
    }
}
