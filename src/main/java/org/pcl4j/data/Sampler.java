package org.pcl4j.data;

import java.util.SplittableRandom;

/** The first step of a transform: picks a region of the stored image and resamples it onto the canvas. */
interface Sampler {
    void sample(Image image, SplittableRandom rng, Canvas canvas);
}
