package org.pcl4j.data;

import java.util.SplittableRandom;

/** Applies {@code op} with probability {@code p} (torchvision's {@code RandomApply}). */
record RandomApply(PixelOp op, double p) implements PixelOp {
    @Override
    public void apply(Canvas canvas, SplittableRandom rng) {
        if (rng.nextDouble() < p) {
            op.apply(canvas, rng);
        }
    }
}
