package org.pcl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void theCanonicalFormNamesTheDataAbsolutelySoThatEqualDataComparesEqual() {
        Path here = Path.of("").toAbsolutePath();
        assertThat(DataSpec.parse("folder:fold/tt").canonical()).isEqualTo(new DataSpec("folder", here.resolve("fold/tt")));
        assertThat(DataSpec.parse("folder:./fold/../fold/tt/").canonical().toString()).isEqualTo("folder:" + here.resolve("fold/tt"));
        // The default path written out, with a trailing slash, is the same data as the spec that omits it.
        assertThat(DataSpec.parse("fashion-mnist").canonical().toString()).isEqualTo("fashion-mnist:/usr/share/datasets/fashion-mnist")
                .isEqualTo(DataSpec.parse("fashion-mnist:/usr/share/datasets/fashion-mnist/").canonical().toString());
        DataSpec absolute = DataSpec.parse("cifar10:/c/d");
        assertThat(absolute.canonical()).isEqualTo(absolute);
    }

    @Test
    void whyASplitIsMissingNamesTheFolderOrFiles() throws Exception {
        Path missing = dir.resolve("gone");
        assertThat(DataSpec.parse("folder:" + missing).whyNo(Split.TEST)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(missing + ": no such directory");
        assertThat(DataSpec.parse("mnist:" + missing).whyNo(Split.TEST)).hasMessageStartingWith(missing + ": no such directory");
        Fixtures.png(dir.resolve("flat/a.png"), 2, 2, 0);
        assertThat(DataSpec.parse("folder:" + dir.resolve("flat")).whyNo(Split.TEST)).hasMessageContaining("flat: no test split");
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

    /** DIR/SPLIT/CLASS/n.png for every split and class named, {@code n} images each. */
    private static Path splitFolders(Path root, List<String> splits, List<String> classes, int n) throws Exception {
        for (String split : splits) {
            for (String cls : classes) {
                for (int i = 0; i < n; i++) {
                    Fixtures.png(root.resolve(split + "/" + cls + "/" + i + ".png"), 2, 2, 0x101010);
                }
            }
        }
        return root;
    }

    @Test
    void imageNetStyleTrainAndValAreTheTrainAndTestSplits() throws Exception {
        for (String held : List.of("val", "validation")) {
            Path root = splitFolders(dir.resolve(held), List.of("train", held), List.of("cat", "dog", "ship"), 2);
            DataSpec spec = DataSpec.parse("folder:" + root);
            assertThat(spec.hasSplit(Split.TEST)).as(held).isTrue();
            ImageSource train = spec.open(Split.TRAIN, SourceOptions.defaults());
            // Before: two classes "train" and "val", the held-out images trained on.
            assertThat(train.classNames()).as(held).containsExactly("cat", "dog", "ship");
            assertThat(train.size()).isEqualTo(6);
            List<String> log = Fixtures.logged(DataSpec.class, () -> {
                ImageSource test = spec.open(Split.TEST, SourceOptions.defaults());
                assertThat(test.size()).isEqualTo(6);
                assertThat(test.classNames()).containsExactly("cat", "dog", "ship");
                assertThat(test.label(0)).isZero();
            });
            assertThat(log).as(held).anyMatch(l -> l.startsWith("INFO") && l.contains("the test split is " + root.resolve(held)));
        }
    }

    @Test
    void trainValAndTestTakeTestAndSayValIsIgnored() throws Exception {
        Path root = splitFolders(dir.resolve("three"), List.of("train", "val", "test"), List.of("cat", "dog"), 1);
        Fixtures.png(root.resolve("test/dog/extra.png"), 2, 2, 0);
        DataSpec spec = DataSpec.parse("folder:" + root);
        List<String> log = Fixtures.logged(DataSpec.class, () -> assertThat(spec.open(Split.TRAIN, SourceOptions.defaults()).size()).isEqualTo(2));
        assertThat(log).anyMatch(l -> l.startsWith("WARN") && l.contains("[val/] ignored") && l.contains(root.resolve("test") + " (test)"));
        assertThat(log).noneMatch(l -> l.contains("directly in it"));

        Fixtures.png(root.resolve("stray.png"), 2, 2, 0);
        List<String> stray = Fixtures.logged(FolderSource.class, () -> spec.open(Split.TRAIN, SourceOptions.defaults()));
        assertThat(stray).anyMatch(l -> l.startsWith("WARN " + root + ": 1 image file(s) directly in it ignored"));
        assertThat(spec.open(Split.TEST, SourceOptions.defaults()).size()).as("test/, not val/").isEqualTo(3);
    }

    @Test
    void trainAloneIsTheTrainSplitWithNoTestSplit() throws Exception {
        Path root = splitFolders(dir.resolve("alone"), List.of("train"), List.of("cat", "dog"), 2);
        DataSpec spec = DataSpec.parse("folder:" + root);
        List<String> log = Fixtures.logged(DataSpec.class, () -> {
            ImageSource train = spec.open(Split.TRAIN, SourceOptions.defaults());
            // Before: one class "train" holding every image.
            assertThat(train.classNames()).containsExactly("cat", "dog");
            assertThat(train.size()).isEqualTo(4);
        });
        assertThat(log).anyMatch(l -> l.startsWith("INFO") && l.contains("only sub-folder is train/") && l.contains("no test split"));
        assertThat(spec.hasSplit(Split.TEST)).isFalse();
        assertThatThrownBy(() -> spec.open(Split.TEST, SourceOptions.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("no test split");
    }

    @Test
    void testFoldersWithoutTrainAreAnError() throws Exception {
        for (List<String> splits : List.of(List.of("val"), List.of("test"), List.of("test", "val"))) {
            Path root = splitFolders(dir.resolve(String.join("-", splits)), splits, List.of("cat", "dog"), 1);
            DataSpec spec = DataSpec.parse("folder:" + root);
            assertThatThrownBy(() -> spec.open(Split.TRAIN, SourceOptions.defaults())).as(splits.toString())
                    .isInstanceOf(InputException.class)
                    .hasMessageStartingWith(root + ": has " + splits.get(0) + "/")
                    .hasMessageContaining("but no train/; expected " + root.resolve("train"));
            assertThatThrownBy(() -> spec.hasSplit(Split.TEST)).isInstanceOf(InputException.class).hasMessageContaining("no train/");
        }
    }

    @Test
    void splitFoldersMatchInAnyLetterCase() throws Exception {
        // Before: Train/ and Test/ were two classes "Test" and "Train", and the test images were trained on.
        Path root = splitFolders(dir.resolve("caps"), List.of("Train", "Test"), List.of("cat", "dog"), 1);
        Fixtures.png(root.resolve("Test/dog/extra.png"), 2, 2, 0);
        DataSpec spec = DataSpec.parse("folder:" + root);
        assertThat(spec.hasSplit(Split.TEST)).isTrue();
        ImageSource train = spec.open(Split.TRAIN, SourceOptions.defaults());
        assertThat(train.classNames()).containsExactly("cat", "dog");
        assertThat(train.size()).isEqualTo(2);
        assertThat(spec.open(Split.TEST, SourceOptions.defaults()).size()).isEqualTo(3);

        Path alone = splitFolders(dir.resolve("upper"), List.of("TRAIN"), List.of("cat", "dog"), 1);
        DataSpec upper = DataSpec.parse("folder:" + alone);
        assertThat(upper.open(Split.TRAIN, SourceOptions.defaults()).classNames()).containsExactly("cat", "dog");
        assertThat(upper.hasSplit(Split.TEST)).isFalse();

        // the folder named exactly as the split wins; the other spelling is left over, with a warning
        Path both = splitFolders(dir.resolve("both"), List.of("train", "Train", "val"), List.of("cat"), 1);
        Fixtures.png(both.resolve("train/cat/second.png"), 2, 2, 0);
        DataSpec exact = DataSpec.parse("folder:" + both);
        List<String> log = Fixtures.logged(DataSpec.class,
                () -> assertThat(exact.open(Split.TRAIN, SourceOptions.defaults()).size()).isEqualTo(2));
        assertThat(log).anyMatch(l -> l.startsWith("WARN") && l.contains("[Train/] ignored"));

        Path heldOnly = splitFolders(dir.resolve("held"), List.of("Val"), List.of("cat"), 1);
        assertThatThrownBy(() -> DataSpec.parse("folder:" + heldOnly).open(Split.TRAIN, SourceOptions.defaults()))
                .isInstanceOf(InputException.class).hasMessageStartingWith(heldOnly + ": has Val/ but no train/");
    }

    @Test
    void aClassNamedLikeASplitAmongOtherClassesStaysAClass() throws Exception {
        // CIFAR-100 has a class "train"; without a test folder beside it, the sub-folders are classes.
        Path root = dir.resolve("vehicles");
        for (String cls : List.of("bus", "train", "tractor")) {
            Fixtures.png(root.resolve(cls + "/a.png"), 2, 2, 0);
        }
        DataSpec spec = DataSpec.parse("folder:" + root);
        assertThat(spec.open(Split.TRAIN, SourceOptions.defaults()).classNames()).containsExactly("bus", "tractor", "train");
        assertThat(spec.hasSplit(Split.TEST)).isFalse();
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
