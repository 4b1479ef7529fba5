package org.pcl4j.train;

import org.pcl4j.SettingException;

/**
 * The run settings of a training run: where the images come from and how this machine processes
 * them. They do not change what is learned (for a fixed data set and seed the model is the same,
 * bit for bit, whatever {@code workers} or {@code knnEvery}); {@link MethodSettings} holds the
 * settings that define the model and its training. Both make up a {@link TrainConfig}.
 *
 * @param data          the data spec the images come from (e.g. {@code fashion-mnist}, a folder)
 * @param limit         use only the first {@code limit} images (0 = all)
 * @param imageSize     side the images are resized to (0 = their own size)
 * @param skipBadImages skip unreadable images instead of failing
 * @param workers       threads that decode and augment images
 * @param knnEvery      run the kNN monitor every {@code knnEvery} epochs (0 = never)
 */
public record RunSettings(String data, int limit, int imageSize, boolean skipBadImages, int workers, int knnEvery) {

    /**
     * The smallest explicit image side: below it a random resized crop has almost nothing to crop and the encoders'
     * strides leave no spatial extent worth the name (the 8-px step traces of docs/BENCHMARKS.md are the smallest
     * side pcl4j is measured at).
     */
    public static final int MIN_IMAGE_SIZE = 8;
    /** The largest: a guard against typos (one 3×4096×4096 float batch of 256 is already 51 GB). */
    public static final int MAX_IMAGE_SIZE = 4096;

    /** A copy that reads its images from {@code newData}. */
    /** A copy with other loader threads and kNN monitor interval: where the run runs and what it watches, not what it computes. */
    public RunSettings withRuntime(int newWorkers, int newKnnEvery) {
        RunSettings changed = new RunSettings(data, limit, imageSize, skipBadImages, newWorkers, newKnnEvery);
        changed.validate();
        return changed;
    }

    public RunSettings withData(String newData) {
        return new RunSettings(newData, limit, imageSize, skipBadImages, workers, knnEvery);
    }

    /** Checks the settings: one line naming the setting on failure ({@link SettingException}). */
    public void validate() {
        TrainConfig.checkLimit(limit);
        checkImageSize(imageSize);
        checkKnnEvery(knnEvery);
        TrainConfig.require(workers >= 1, "workers", "{workers} must be at least 1, got " + workers);
    }

    static void checkImageSize(int imageSize) {
        TrainConfig.require(imageSize == 0 || (imageSize >= MIN_IMAGE_SIZE && imageSize <= MAX_IMAGE_SIZE), "imageSize",
                "{imageSize} must be 0 (the data's own size) or in [" + MIN_IMAGE_SIZE + ", " + MAX_IMAGE_SIZE + "], got " + imageSize);
    }

    static void checkKnnEvery(int knnEvery) {
        TrainConfig.require(knnEvery >= 0, "knnEvery", "{knnEvery} must be >= 0 (0 = never), got " + knnEvery);
    }
}
