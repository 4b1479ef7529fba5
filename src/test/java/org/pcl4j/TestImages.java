package org.pcl4j;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.pcl4j.data.Image;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.Normalization;

/**
 * Small synthetic labelled image sets for tests that must not depend on installed data: class c is
 * a bright square at a class-specific position on noise, so the classes are learnable.
 */
public final class TestImages implements ImageSource {
    private final Image[] images;
    private final int[] labels;
    private final int size;
    private final int classes;

    private TestImages(int n, int size, int classes, long seed) {
        this.size = size;
        this.classes = classes;
        this.images = new Image[n];
        this.labels = new int[n];
        SplittableRandom rng = new SplittableRandom(seed);
        int square = size / 3;
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            byte[] px = new byte[size * size];
            for (int p = 0; p < px.length; p++) {
                px[p] = (byte) rng.nextInt(60);
            }
            int y0 = (c * 7) % (size - square);
            int x0 = (c * 11) % (size - square);
            for (int y = y0; y < y0 + square; y++) {
                for (int x = x0; x < x0 + square; x++) {
                    px[y * size + x] = (byte) (180 + rng.nextInt(60));
                }
            }
            images[i] = new Image(px, 1, size, size);
            labels[i] = c;
        }
    }

    /** {@code n} grayscale images of side {@code size} in {@code classes} classes. */
    public static TestImages of(int n, int size, int classes, long seed) {
        return new TestImages(n, size, classes, seed);
    }

    @Override
    public int size() {
        return images.length;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int imageSize() {
        return size;
    }

    @Override
    public Image image(int index) {
        return images[index];
    }

    @Override
    public boolean hasLabels() {
        return true;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public List<String> classNames() {
        return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }

    @Override
    public Normalization normalization() {
        return new Normalization(new float[] {0.3f}, new float[] {0.3f});
    }

    @Override
    public String description() {
        return "synthetic test images";
    }
}
