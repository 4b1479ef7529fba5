package org.pcl4j.data;

import org.pcl4j.InputException;
import org.pcl4j.SettingException;

/**
 * How a source is opened.
 *
 * @param imageSize     nominal side of the images the transforms produce; 0 means the source's native size
 *                      (for a folder, whose images need not share one size: the median shorter side of a
 *                      sample of them, at most {@link #DEFAULT_FOLDER_SIZE}; see {@code FolderSource.ownSide})
 * @param skipBadImages skip and count corrupt images and truncated records instead of failing on the first one
 */
public record SourceOptions(int imageSize, boolean skipBadImages) {
    /** The ImageNet crop size of the reference (ALGORITHM.md §6): the largest side a folder trains at when no size is given. */
    public static final int DEFAULT_FOLDER_SIZE = 224;

    public SourceOptions {
        if (imageSize < 0) {
            throw new SettingException("imageSize", "{imageSize} must be ≥ 0 (0 = native size), got " + imageSize);
        }
    }

    public static SourceOptions defaults() {
        return new SourceOptions(0, false);
    }

    /** {@link #imageSize()} if set, else {@code nativeSize}. */
    int sizeOr(int nativeSize) {
        return imageSize > 0 ? imageSize : nativeSize;
    }
}
