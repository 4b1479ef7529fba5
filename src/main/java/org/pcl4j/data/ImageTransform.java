package org.pcl4j.data;

import java.util.SplittableRandom;

/**
 * Turns one {@link Image} into a normalised float tensor in CHW order, written into a caller-owned
 * buffer so that the loader's hot path allocates nothing per sample.
 */
public interface ImageTransform {
    /** Side of the square output. */
    int outputSize();

    int outputChannels();

    default int outputLength() {
        return outputChannels() * outputSize() * outputSize();
    }

    /**
     * @param rng the only randomness the transform may use (the loader seeds it from the run's seed,
     *            the epoch and the sample index, so augmentation is reproducible)
     */
    void apply(Image image, SplittableRandom rng, float[] out, int offset);
}
