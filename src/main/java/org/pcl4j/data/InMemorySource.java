package org.pcl4j.data;

import java.util.List;
import java.util.Objects;

/**
 * A source whose images all live in one byte array (HWC, equal sizes), as the small benchmark
 * data sets do: Fashion-MNIST is 47 MB, CIFAR 150 MB. {@link IdxSource} and {@link CifarSource}
 * differ only in how they fill it.
 */
public abstract class InMemorySource extends LabelledSource {
    private final byte[] data;
    private final int offset;
    private final int count;
    private final int channels;
    private final int height;
    private final int width;
    private final int imageSize;
    private final Normalization normalization;
    private final String description;

    /**
     * @param data   pixels of image {@code i} start at {@code offset + i * channels * height * width}
     * @param labels one per image, or {@code null} when unlabelled
     */
    InMemorySource(byte[] data, int offset, int count, int channels, int height, int width, int imageSize,
            int[] labels, List<String> classNames, Normalization normalization, String description, int skipped) {
        super(labels, classNames, skipped);
        if (labels != null && labels.length < count) {
            throw new IllegalArgumentException("labels: " + labels.length + " < " + count);
        }
        this.data = data;
        this.offset = offset;
        this.count = count;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.imageSize = imageSize;
        this.normalization = normalization;
        this.description = description;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int imageSize() {
        return imageSize;
    }

    /** A copy of the stored pixels, so callers cannot alter the data set. */
    @Override
    public Image image(int index) {
        Objects.checkIndex(index, count);
        int length = channels * height * width;
        byte[] pixels = new byte[length];
        System.arraycopy(data, offset + index * length, pixels, 0, length);
        return new Image(pixels, channels, height, width);
    }

    @Override
    public Normalization normalization() {
        return normalization;
    }

    @Override
    public String description() {
        return description;
    }
}
