package org.pcl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.InputException;

class FolderSourceTest {
    @TempDir
    Path dir;

    @Test
    void classSubFoldersGiveSortedLabels() throws Exception {
        Fixtures.png(dir.resolve("zebra/a.png"), 6, 4, 0x102030);
        Fixtures.png(dir.resolve("cat/b.png"), 5, 5, 0xFF0080);
        Fixtures.png(dir.resolve("cat/a.png"), 3, 7, 0x000000);
        Files.writeString(dir.resolve("cat/notes.txt"), "ignored");
        FolderSource src = FolderSource.open(dir, SourceOptions.defaults());

        assertThat(src.classNames()).containsExactly("cat", "zebra");
        assertThat(src.size()).isEqualTo(3);
        // The classes take turns: cat/a, zebra/a, cat/b (spreadOrder).
        assertThat(src.file(0)).isEqualTo(dir.resolve("cat/a.png"));
        assertThat(src.file(1)).isEqualTo(dir.resolve("zebra/a.png"));
        assertThat(src.file(2)).isEqualTo(dir.resolve("cat/b.png"));
        assertThat(new int[] {src.label(0), src.label(1), src.label(2)}).containsExactly(0, 1, 0);
        // No size given: the median shorter side of its images (3, 4, 5: the sides of cat/a, zebra/a, cat/b).
        assertThat(src.imageSize()).isEqualTo(4);
        assertThat(src.channels()).isEqualTo(3);
        Image b = src.image(2);
        assertThat(b.height()).isEqualTo(5);
        assertThat(new int[] {b.at(2, 3, 0), b.at(2, 3, 1), b.at(2, 3, 2)}).containsExactly(0xFF, 0x00, 0x80);
        Image zebra = src.image(1);
        assertThat(zebra.width()).isEqualTo(6);
        assertThat(zebra.height()).isEqualTo(4);
        assertThat(zebra.at(3, 5, 2)).isEqualTo(0x30);
    }

    @Test
    void withoutASizeAFolderTrainsAtTheMedianShorterSideOfItsImagesAtMost224() throws Exception {
        Path small = dir.resolve("small");
        Fixtures.png(small.resolve("a/1.png"), 12, 30, 0x101010);
        Fixtures.png(small.resolve("a/2.png"), 50, 20, 0x101010);
        Fixtures.png(small.resolve("b/1.png"), 32, 32, 0x101010);
        Fixtures.png(small.resolve("b/2.png"), 64, 32, 0x101010);
        Fixtures.png(small.resolve("b/3.png"), 40, 40, 0x101010);
        // A file whose header cannot be read is left out of the median: counted as 0 it would make the median 20.
        Files.writeString(small.resolve("b/4.png"), "not a png");
        assertThat(FolderSource.open(small, SourceOptions.defaults()).imageSize()).isEqualTo(32);
        assertThat(FolderSource.open(small, new SourceOptions(24, false)).imageSize()).isEqualTo(24);

        Path photos = dir.resolve("photos");
        Fixtures.png(photos.resolve("p1.png"), 400, 300, 0x101010);
        Fixtures.png(photos.resolve("p2.png"), 500, 260, 0x101010);
        assertThat(FolderSource.open(photos, SourceOptions.defaults()).imageSize()).isEqualTo(SourceOptions.DEFAULT_FOLDER_SIZE);

        Path unreadable = dir.resolve("unreadable");
        Files.createDirectories(unreadable);
        Files.writeString(unreadable.resolve("x.jpg"), "not a jpeg");
        assertThat(FolderSource.open(unreadable, SourceOptions.defaults()).imageSize()).isEqualTo(SourceOptions.DEFAULT_FOLDER_SIZE);
    }

    @Test
    void theSizeSampleIsSpreadOverTheWholeFolder() throws Exception {
        // 3 × 64 images in name order: sides 10 for the first 64, 20 for the next 64, 30 for the last 64. A sample
        // of the first 64 files would say 10; every third file gives a median of 20.
        for (int i = 0; i < 3 * FolderSource.SIDE_SAMPLE; i++) {
            int side = 10 * (1 + i / FolderSource.SIDE_SAMPLE);
            Fixtures.png(dir.resolve(String.format("%03d.png", i)), side, side, 0x101010);
        }
        assertThat(FolderSource.open(dir, SourceOptions.defaults()).imageSize()).isEqualTo(20);
    }

    @Test
    void classesSpreadSoThatEveryPrefixIsAStratifiedSample() {
        // Places (i + 1/2)/n: class 0 (4 images) at 1/8, 3/8, 5/8, 7/8; class 1 (2 images) at 1/4, 3/4.
        assertThat(FolderSource.spreadOrder(new int[] {4, 2})).containsExactly(
                new int[] {0, 0}, new int[] {1, 0}, new int[] {0, 1}, new int[] {0, 2}, new int[] {1, 1}, new int[] {0, 3});
        assertThat(FolderSource.spreadOrder(new int[] {2, 2, 2}).stream().mapToInt(s -> s[0]).toArray())
                .containsExactly(0, 1, 2, 0, 1, 2);

        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int[] sizes = random.ints(1 + random.nextInt(12), 1, 2 + random.nextInt(200)).toArray();
            List<int[]> order = FolderSource.spreadOrder(sizes);
            assertThat(order).hasSize(java.util.Arrays.stream(sizes).sum());
            int[] count = new int[sizes.length];
            for (int[] slot : order) {
                assertThat(slot[1]).as("images of a class keep their order").isEqualTo(count[slot[0]]);
                count[slot[0]]++;
                double t = (slot[1] + 0.5) / sizes[slot[0]]; // the place reached
                for (int c = 0; c < sizes.length; c++) {
                    assertThat(Math.abs(count[c] - t * sizes[c])).as("class %d of %s", c, java.util.Arrays.toString(sizes))
                            .isLessThanOrEqualTo(1.0);
                }
            }
        }
    }

    @Test
    void limitOnAFolderTakesEveryClass() throws Exception {
        for (String cls : List.of("a", "b", "c")) {
            for (int i = 0; i < 4; i++) {
                Fixtures.png(dir.resolve(cls + "/" + i + ".png"), 2, 2, 0x808080);
            }
        }
        ImageSource first6 = ImageSources.limit(FolderSource.open(dir, SourceOptions.defaults()), 6);
        int[] perClass = new int[3];
        for (int i = 0; i < first6.size(); i++) {
            perClass[first6.label(i)]++;
        }
        assertThat(perClass).containsExactly(2, 2, 2);
    }

    @Test
    void flatFolderIsUnlabelled() throws Exception {
        Fixtures.png(dir.resolve("x.png"), 2, 2, 0x808080);
        Fixtures.png(dir.resolve("y.PNG"), 2, 2, 0x808080);
        FolderSource src = FolderSource.open(dir, new SourceOptions(64, false));
        assertThat(src.size()).isEqualTo(2);
        assertThat(src.hasLabels()).isFalse();
        assertThat(src.classNames()).isEmpty();
        assertThat(src.imageSize()).isEqualTo(64);
        assertThatThrownBy(() -> src.label(0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("folder " + dir + " has no labels");
    }

    @Test
    void corruptImageNamesTheFileOrIsSkipped() throws Exception {
        Fixtures.png(dir.resolve("a/good.png"), 2, 2, 0x808080);
        Path bad = dir.resolve("a/bad.jpg");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        FolderSource lazy = FolderSource.open(dir, SourceOptions.defaults());
        assertThat(lazy.size()).isEqualTo(2);
        assertThatThrownBy(() -> lazy.image(0)) // bad.jpg sorts first
                .isInstanceOf(InputException.class)
                .hasMessageContaining(bad.toString());

        FolderSource skipping = FolderSource.open(dir, new SourceOptions(0, true));
        assertThat(skipping.size()).isEqualTo(1);
        assertThat(skipping.skipped()).isEqualTo(1);
        assertThat(skipping.file(0).getFileName().toString()).isEqualTo("good.png");
    }

    @Test
    void anImageTooLargeForTheHeapNamesItselfInsteadOfRunningOutOfMemory() throws Exception {
        // A PNG whose header says 60,000 × 60,000 (25 GB to decode, past half of any test heap); its header alone is read.
        Path small = dir.resolve("a/small.png");
        Fixtures.png(small, 1, 1, 0x808080);
        Path huge = dir.resolve("a/huge.png");
        byte[] png = Files.readAllBytes(small);
        java.nio.ByteBuffer.wrap(png, 16, 8).putInt(60_000).putInt(60_000); // IHDR: width, height
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17); // "IHDR" and its 13 bytes
        java.nio.ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        Files.write(huge, png);

        FolderSource lazy = FolderSource.open(dir, SourceOptions.defaults());
        int index = lazy.file(0).equals(huge) ? 0 : 1;
        assertThatThrownBy(() -> lazy.image(index)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(huge + ": 60000 × 60000 pixels take 24032 MB to decode, more than half of this JVM's ")
                .hasMessageEndingWith("; skipBadImages skips such files");
        FolderSource skipping = FolderSource.open(dir, new SourceOptions(0, true));
        assertThat(skipping.size()).isEqualTo(1);
        assertThat(skipping.file(0)).isEqualTo(small);

        // The rule scales with the heap: 100 × 80 pixels take 56,000 bytes, more than half of 100,000, not of 120,000.
        assertThat(FolderSource.tooLarge(100, 80, 100_000)).startsWith("100 × 80 pixels take 0 MB to decode");
        assertThat(FolderSource.tooLarge(100, 80, 120_000)).isNull();
    }

    @Test
    void emptyOrMissingFolderIsAnInputError() throws Exception {
        assertThatThrownBy(() -> FolderSource.open(dir, SourceOptions.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("no images found");
        assertThatThrownBy(() -> FolderSource.open(dir.resolve("nope"), SourceOptions.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("nope: no such directory");
    }

    @Test
    void aLinkedClassFolderIsFollowedAndALinkLoopIsNot() throws Exception {
        Path elsewhere = dir.resolve("elsewhere/dog");
        Fixtures.png(elsewhere.resolve("1.png"), 2, 2, 0);
        Fixtures.png(elsewhere.resolve("2.png"), 2, 2, 0);
        Path data = dir.resolve("data");
        Fixtures.png(data.resolve("cat/1.png"), 2, 2, 0);
        Files.createSymbolicLink(data.resolve("dog"), elsewhere);
        Files.createSymbolicLink(data.resolve("cat/again"), data.resolve("cat")); // a loop: cat/again/again/...
        List<String> log = Fixtures.logged(FolderSource.class, () -> {
            FolderSource src = FolderSource.open(data, SourceOptions.defaults());
            assertThat(src.classNames()).containsExactly("cat", "dog");
            // Before: the link was not followed, and dog was a class of 0 images.
            assertThat(src.size()).isEqualTo(3);
            assertThat(java.util.stream.IntStream.range(0, 3).filter(i -> src.label(i) == 1).count()).isEqualTo(2);
            // Named through the link, where the user put them; the loop's cat/again/1.png is not read a second time.
            assertThat(List.of(src.file(0), src.file(1), src.file(2)))
                    .containsExactlyInAnyOrder(data.resolve("cat/1.png"), data.resolve("dog/1.png"), data.resolve("dog/2.png"));
        });
        assertThat(log).anyMatch(l -> l.startsWith("WARN") && l.contains(data.resolve("cat/again") + ": a link to a folder it is inside of; not followed"));
    }

    @Test
    void aClassWithoutReadableImagesKeepsItsLabelAndIsNamedInAWarning() throws Exception {
        Fixtures.png(dir.resolve("ant/1.png"), 2, 2, 0);
        Files.createDirectories(dir.resolve("bee"));
        Files.write(dir.resolve("bee/1.webp"), new byte[] {1, 2, 3});
        Files.createDirectories(dir.resolve("cow"));
        Fixtures.png(dir.resolve("dog/1.png"), 2, 2, 0);
        List<String> log = Fixtures.logged(FolderSource.class, () -> {
            FolderSource src = FolderSource.open(dir, SourceOptions.defaults());
            assertThat(src.classNames()).containsExactly("ant", "bee", "cow", "dog");
            assertThat(new int[] {src.label(0), src.label(1)}).as("dog keeps label 3: the labels do not shift").containsExactly(0, 3);
        });
        assertThat(log).anyMatch(l -> l.equals("WARN " + dir.resolve("bee") + ": class 'bee' has no images (only .webp files, which pcl4j "
                + "does not read (" + String.join(", ", FolderSource.EXTENSIONS) + ")); it keeps label 1 with no images"));
        assertThat(log).anyMatch(l -> l.startsWith("WARN " + dir.resolve("cow") + ": class 'cow' has no images (no files)"));
        assertThat(log).noneMatch(l -> l.contains("'ant'") || l.contains("'dog'"));

        // Its images all unreadable: skipped, and the class named too.
        Files.write(dir.resolve("ant/2.jpg"), new byte[] {1, 2, 3});
        Files.delete(dir.resolve("ant/1.png"));
        List<String> skipping = Fixtures.logged(FolderSource.class, () -> FolderSource.open(dir, new SourceOptions(0, true)));
        assertThat(skipping).anyMatch(l -> l.contains("class 'ant' has no images (none of its 1 image files could be decoded)"));

        Path onlyWebp = dir.resolve("webp");
        Files.createDirectories(onlyWebp.resolve("a"));
        Files.write(onlyWebp.resolve("a/1.webp"), new byte[] {1});
        assertThatThrownBy(() -> FolderSource.open(onlyWebp, SourceOptions.defaults())).isInstanceOf(InputException.class)
                .hasMessageContaining(onlyWebp + ": no images found").hasMessageContaining("found only .webp files");
    }

    @Test
    void imagesBesideClassFoldersAreCountedInOneWarning() throws Exception {
        Fixtures.png(dir.resolve("cat/1.png"), 2, 2, 0);
        Fixtures.png(dir.resolve("stray1.png"), 2, 2, 0);
        Fixtures.png(dir.resolve("stray2.jpg"), 2, 2, 0);
        List<String> log = Fixtures.logged(FolderSource.class, () -> assertThat(FolderSource.open(dir, SourceOptions.defaults()).size()).isOne());
        assertThat(log.stream().filter(l -> l.contains("directly in it ignored")))
                .containsExactly("WARN " + dir + ": 2 image file(s) directly in it ignored: with sub-folders, images are read from the "
                        + "sub-folders only (move them into a class folder)");
    }

    @Test
    void hiddenFoldersInsideAClassAreSkippedLikeHiddenFiles() throws Exception {
        Fixtures.png(dir.resolve("cat/1.png"), 2, 2, 0);
        Fixtures.png(dir.resolve("cat/.thumbnails/1.png"), 2, 2, 0);
        Fixtures.png(dir.resolve("cat/.2.png"), 2, 2, 0);
        Fixtures.png(dir.resolve("cat/more/3.png"), 2, 2, 0);
        Fixtures.png(dir.resolve(".hidden-class/1.png"), 2, 2, 0);
        FolderSource src = FolderSource.open(dir, SourceOptions.defaults());
        assertThat(src.classNames()).containsExactly("cat");
        // Before: 3, .thumbnails/1.png among them.
        assertThat(src.size()).isEqualTo(2);
        assertThat(List.of(src.file(0), src.file(1))).containsExactly(dir.resolve("cat/1.png"), dir.resolve("cat/more/3.png"));
    }

    @Test
    void concurrentDecodingGivesTheSameImages() throws Exception {
        for (int i = 0; i < 8; i++) {
            Fixtures.png(dir.resolve("c/" + i + ".png"), 9, 9, i * 0x010203);
        }
        FolderSource src = FolderSource.open(dir, SourceOptions.defaults());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int k = 0; k < 64; k++) {
                int i = k % 8;
                results.add(pool.submit(() -> src.image(i).at(4, 4, 2)));
            }
            for (int k = 0; k < 64; k++) {
                assertThat(results.get(k).get()).isEqualTo((k % 8) * 3);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void decodedImagesAreKeptAndHandedOutAsCopies() throws Exception {
        Fixtures.png(dir.resolve("c/a.png"), 5, 4, 0x102030);
        Fixtures.png(dir.resolve("c/b.png"), 3, 3, 0x405060);
        FolderSource src = FolderSource.open(dir, SourceOptions.defaults());
        Image first = src.image(0);
        assertThat(src.cachedBytes()).isEqualTo(5 * 4 * 3 + DecodedImageCache.OVERHEAD_BYTES);
        // Kept: the file is not read again (deleted, it still gives the image it gave).
        Files.delete(src.file(0));
        first.pixels()[0] = 0; // and a caller's copy does not alter the data set
        Image again = src.image(0);
        assertThat(again.pixels()).isNotSameAs(first.pixels());
        assertThat(again.at(0, 0, 0)).isEqualTo(0x10);
        assertThat(again.at(3, 4, 2)).isEqualTo(0x30);
        assertThat(src.image(0).pixels()).isEqualTo(again.pixels()).isNotSameAs(again.pixels());
        assertThat(src.cachedBytes()).isEqualTo(5 * 4 * 3 + DecodedImageCache.OVERHEAD_BYTES);
    }

    @Test
    void theCacheKeepsImagesOnlyWithinItsBudget() throws Exception {
        for (int i = 0; i < 4; i++) {
            Fixtures.png(dir.resolve("c/" + i + ".png"), 4, 4, 0x010101 * (i + 1));
        }
        long perImage = 4 * 4 * 3 + DecodedImageCache.OVERHEAD_BYTES;
        FolderSource src = FolderSource.open(dir, SourceOptions.defaults(), null, 2 * perImage + perImage / 2);
        for (int i = 0; i < 4; i++) {
            assertThat(src.image(i).at(1, 1, 0)).isEqualTo(i + 1);
        }
        assertThat(src.cachedBytes()).isEqualTo(2 * perImage);
        for (int i = 0; i < 4; i++) {
            Files.delete(src.file(i));
        }
        // The first two were kept; the others are decoded on every call, so their files are needed again.
        assertThat(src.image(1).at(1, 1, 0)).isEqualTo(2);
        assertThatThrownBy(() -> src.image(2)).isInstanceOf(org.pcl4j.SettingException.class).hasMessageContaining("2.png");

        Fixtures.png(dir.resolve("other/x.png"), 4, 4, 0x070707);
        FolderSource uncached = FolderSource.open(dir.resolve("other"), SourceOptions.defaults(), null, 0);
        assertThat(uncached.image(0).at(0, 0, 0)).isEqualTo(7);
        assertThat(uncached.cachedBytes()).isZero();
    }
}
