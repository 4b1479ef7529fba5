package org.pcl4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.pcl4j.data.Image;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.Normalization;

/**
 * The kNN monitor checks its arguments when it is made. It used to accept sources it could not score and fail
 * from {@code onEpochEnd}, after the first epoch had trained: an unlabelled train source with an
 * ArrayIndexOutOfBoundsException in Knn.classify, labels of -1 with "Index -1 out of bounds", image size 0
 * with "output size must be positive".
 */
class KnnMonitorTest {
    /** {@code n} grey 4×4 images of 2 classes; {@code label} null: unlabelled. */
    private static ImageSource source(String name, int n, IntUnaryOperator label) {
        return new ImageSource() {
            @Override public int size() { return n; }
            @Override public int channels() { return 1; }
            @Override public int imageSize() { return 4; }
            @Override public Image image(int index) { return new Image(new byte[16], 1, 4, 4); }
            @Override public boolean hasLabels() { return label != null; }
            @Override public int label(int index) { return label.applyAsInt(index); }
            @Override public List<String> classNames() { return label == null ? List.of() : List.of("a", "b"); }
            @Override public Normalization normalization() { return Normalization.FASHION_MNIST; }
            @Override public String description() { return name; }
        };
    }

    private static KnnMonitor monitor(ImageSource train, ImageSource test, int imageSize) {
        return new KnnMonitor(train, test, imageSize, 8, 1, true, 1);
    }

    @Test
    void sourcesItCannotScoreAreOneLineWhenItIsMade() {
        ImageSource labelled = source("train-src", 10, i -> i % 2);
        ImageSource test = source("test-src", 6, i -> i % 2);
        assertThat(monitor(labelled, test, 4)).isNotNull();

        assertThatThrownBy(() -> monitor(source("train-src", 10, null), test, 4)).isInstanceOf(InputException.class)
                .hasMessage("the kNN monitor needs labelled train and test images; its train images train-src have no labels");
        assertThatThrownBy(() -> monitor(labelled, source("test-src", 6, null), 4)).isInstanceOf(InputException.class)
                .hasMessage("the kNN monitor needs labelled train and test images; its test images test-src have no labels");
        assertThatThrownBy(() -> monitor(source("train-src", 10, i -> -1), test, 4)).isInstanceOf(InputException.class)
                .hasMessage("the kNN monitor needs labelled train and test images; its train images train-src give label -1 to image 0,"
                        + " expected a class in [0, 2)");
        // a train label beyond its classes had no slot in the votes either
        assertThatThrownBy(() -> monitor(source("train-src", 10, i -> i == 3 ? 2 : 0), test, 4)).isInstanceOf(InputException.class)
                .hasMessageEndingWith("give label 2 to image 3, expected a class in [0, 2)");
    }

    @Test
    void settingsItCannotRunWithAreSettingExceptionsNamingThem() {
        ImageSource train = source("train-src", 10, i -> i % 2);
        ImageSource test = source("test-src", 6, i -> i % 2);
        assertThatThrownBy(() -> monitor(train, test, 0))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("imageSize"))
                .hasMessage("imageSize: expected >= 1 (the side the kNN monitor resizes images to), got 0");
        assertThatThrownBy(() -> new KnnMonitor(train, test, 4, 8, 1, true, 0))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("knnEvery"));
        assertThatThrownBy(() -> new KnnMonitor(train, test, 4, 0, 1, true, 1))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("batchSize"));
        assertThatThrownBy(() -> monitor(train, source("test-src", 0, i -> 0), 4)).isInstanceOf(InputException.class)
                .hasMessage("test-src: no images");
    }
}
