package org.pcl4j.data;

import java.util.List;
import java.util.Objects;
import org.pcl4j.InputException;

/** Generic operations on {@link ImageSource}s. */
public final class ImageSources {
    private ImageSources() {}

    /** The first {@code n} images of {@code source} (for {@code --limit}: quick runs on a subset). */
    public static ImageSource limit(ImageSource source, int n) {
        if (n <= 0) {
            throw new InputException("--limit must be positive, got " + n);
        }
        if (n > source.size()) {
            throw new InputException("--limit " + n + " exceeds the " + source.size() + " images of " + source.description());
        }
        return n == source.size() ? source : new Subset(source, n);
    }

    /** A prefix of another source; indices are the same in both, so assignments carry over. */
    private record Subset(ImageSource source, int size) implements ImageSource {
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
            return source.image(Objects.checkIndex(index, size));
        }

        @Override
        public boolean hasLabels() {
            return source.hasLabels();
        }

        @Override
        public int label(int index) {
            return source.label(Objects.checkIndex(index, size));
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
            return source.description() + " (first " + size + ")";
        }

        @Override
        public int skipped() {
            return source.skipped();
        }
    }
}
