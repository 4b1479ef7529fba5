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

    /** A copy that reads its images from {@code newData}. */
    public RunSettings withData(String newData) {
        return new RunSettings(newData, limit, imageSize, skipBadImages, workers, knnEvery);
    }

    /** Checks the settings: one line naming the setting on failure ({@link SettingException}). */
    public void validate() {
        TrainConfig.checkLimit(limit);
        TrainConfig.require(workers >= 1, "workers", "{workers} must be at least 1, got " + workers);
    }
}
