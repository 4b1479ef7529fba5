package org.pcl4j.data;

import java.util.SplittableRandom;

/** One augmentation step on the canvas, in place (colour jitter, grayscale, blur, flip). */
interface PixelOp {
    void apply(Canvas canvas, SplittableRandom rng);
}
