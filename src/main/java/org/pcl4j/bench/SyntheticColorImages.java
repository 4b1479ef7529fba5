package org.pcl4j.bench;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.pcl4j.data.Image;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.Normalization;

/**
 * Seeded random RGB images held in memory, CIFAR-sized by default (3×32×32), for throughput
 * benchmarks of colour models where no colour data set is installed. Throughput does not depend on
 * pixel content: every augmentation and every layer does the same work on noise as on photos.
 * Unlabelled, normalised with the CIFAR-10 statistics.
 */
public final class SyntheticColorImages implements ImageSource {
    /** The name {@code --data} accepts for this source in the benchmark mains. */
    public static final String SPEC = "synthetic-colour";
    private static final int CHANNELS = 3;

    private final byte[] pixels;
    private final int count;
    private final int size;

    /** {@code count} images of {@code size}×{@code size} pixels drawn from {@code seed}. */
    public SyntheticColorImages(int count, int size, long seed) {
        this.count = count;
        this.size = size;
        this.pixels = new byte[Math.multiplyExact(count, CHANNELS * size * size)];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int channels() {
        return CHANNELS;
    }

    @Override
    public int imageSize() {
        return size;
    }

    @Override
    public Image image(int index) {
        Objects.checkIndex(index, count);
        int length = CHANNELS * size * size;
        byte[] copy = new byte[length];
        System.arraycopy(pixels, index * length, copy, 0, length);
        return new Image(copy, CHANNELS, size, size);
    }

    @Override
    public boolean hasLabels() {
        return false;
    }

    @Override
    public int label(int index) {
        throw new IllegalStateException(description() + " has no labels");
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public Normalization normalization() {
        return Normalization.CIFAR10;
    }

    @Override
    public String description() {
        return "synthetic colour images (seeded noise, " + CHANNELS + "×" + size + "×" + size + ")";
    }
}
