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
        assertThat(src.file(0).getFileName().toString()).isEqualTo("a.png");
        assertThat(src.label(0)).isZero();
        assertThat(src.label(2)).isEqualTo(1);
        assertThat(src.imageSize()).isEqualTo(224);
        assertThat(src.channels()).isEqualTo(3);
        Image b = src.image(1);
        assertThat(b.height()).isEqualTo(5);
        assertThat(new int[] {b.at(2, 3, 0), b.at(2, 3, 1), b.at(2, 3, 2)}).containsExactly(0xFF, 0x00, 0x80);
        Image zebra = src.image(2);
        assertThat(zebra.width()).isEqualTo(6);
        assertThat(zebra.height()).isEqualTo(4);
        assertThat(zebra.at(3, 5, 2)).isEqualTo(0x30);
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
    void emptyOrMissingFolderIsAnInputError() throws Exception {
        assertThatThrownBy(() -> FolderSource.open(dir, SourceOptions.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("no images found");
        assertThatThrownBy(() -> FolderSource.open(dir.resolve("nope"), SourceOptions.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("nope: no such directory");
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
}
