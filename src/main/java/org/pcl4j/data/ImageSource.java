package org.pcl4j.data;

import java.util.List;

/**
 * A finite, indexed set of images, optionally labelled. Index {@code i} is the sample's identity:
 * the E-step looks its cluster up by it (ALGORITHM.md §1), so a source must return the same image for the
 * same index every time.
 *
 * <p>Implementations are safe for concurrent {@link #image} calls: loader workers share one source.
 */
public interface ImageSource {
    int size();

    /** 1 or 3; every image of the source has this many channels. */
    int channels();

    /** Nominal image side: the size training crops and the evaluation transform produce. */
    int imageSize();

    Image image(int index);

    boolean hasLabels();

    /** Class of image {@code index}, in [0, numClasses); only when {@link #hasLabels()}. */
    int label(int index);

    /** Class names in label order (empty when unlabelled). */
    List<String> classNames();

    default int numClasses() {
        return classNames().size();
    }

    Normalization normalization();

    /** Human-readable origin, e.g. the file or folder it was read from. */
    String description();

    /**
     * Images left out because they were corrupt or truncated ({@code --skip-bad-images}); the CLI
     * reports the count so that a silently shrunken data set does not go unnoticed.
     */
    default int skipped() {
        return 0;
    }
}
