package org.pcl4j.data;

import java.util.List;
import java.util.Objects;

/**
 * What every stored source shares besides its pixels: one optional label per image with the class
 * names they index, and the count of images left out as unreadable. {@link InMemorySource} and
 * {@link FolderSource} differ only in where the pixels come from.
 */
abstract class LabelledSource implements ImageSource {
    private final int[] labels;
    private final List<String> classNames;
    private final int skipped;

    /**
     * @param labels     one per image (at least {@code size()} of them), or {@code null} when unlabelled
     * @param classNames the names the labels index; ignored when {@code labels} is {@code null}
     * @param skipped    images left out because they could not be read ({@code --skip-bad-images})
     */
    LabelledSource(int[] labels, List<String> classNames, int skipped) {
        this.labels = labels;
        this.classNames = labels == null ? List.of() : List.copyOf(classNames);
        this.skipped = skipped;
    }

    @Override
    public final boolean hasLabels() {
        return labels != null;
    }

    @Override
    public final int label(int index) {
        if (labels == null) {
            throw new IllegalStateException(description() + " has no labels");
        }
        return labels[Objects.checkIndex(index, size())];
    }

    @Override
    public final List<String> classNames() {
        return classNames;
    }

    @Override
    public final int skipped() {
        return skipped;
    }

    @Override
    public String toString() {
        return description() + " (" + size() + " images)";
    }
}
