package org.pcl4j.data;

import java.util.List;
import java.util.Objects;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;

/** Generic operations on {@link ImageSource}s. */
public final class ImageSources {
    private ImageSources() {}

    /** The first {@code n} images of {@code source} (for {@code --limit}: quick runs on a subset). */
    public static ImageSource limit(ImageSource source, int n) {
        if (n <= 0) {
            throw new SettingException("limit", "{limit} must be positive, got " + n);
        }
        if (n > source.size()) {
            throw new SettingException("limit", "{limit} " + n + " exceeds the " + source.size() + " images of " + source.description());
        }
        return n == source.size() ? source : new Subset(source, null, n, "first " + n);
    }

    /**
     * The images at {@code indices} of {@code source}, re-indexed 0..indices.length-1 (e.g. the
     * labelled fraction used for fine-tuning).
     */
    public static ImageSource select(ImageSource source, int[] indices, String what) {
        for (int i : indices) {
            Objects.checkIndex(i, source.size());
        }
        return new Subset(source, indices.clone(), indices.length, what);
    }

    /**
     * Some images of another source: a prefix ({@code indices == null}; indices are the same in
     * both, so assignments carry over) or a selection.
     */
    private record Subset(ImageSource source, int[] indices, int size, String what) implements ImageSource {
        private int original(int index) {
            Objects.checkIndex(index, size);
            return indices == null ? index : indices[index];
        }

        @Override
        public int channels() {
            return source.channels();
        }

        @Override
        public int imageSize() {
            return source.imageSize();
        }

        @Override
        public Image image(int index) {
            return source.image(original(index));
        }

        @Override
        public boolean hasLabels() {
            return source.hasLabels();
        }

        @Override
        public int label(int index) {
            return source.label(original(index));
        }

        @Override
        public List<String> classNames() {
            return source.classNames();
        }

        @Override
        public Normalization normalization() {
            return source.normalization();
        }

        @Override
        public String description() {
            return source.description() + " (" + what + ")";
        }

        @Override
        public int skipped() {
            return source.skipped();
        }
    }
}
