package org.pcl4j.data;

import java.util.SplittableRandom;

/** With probability {@code p}, replace all three channels by the gray level (torchvision's {@code RandomGrayscale}). */
record RandomGrayscale(double p) implements PixelOp {
    @Override
    public void apply(Canvas canvas, SplittableRandom rng) {
        if (rng.nextDouble() >= p) {
            return;
        }
        float[] px = canvas.pixels;
        int plane = canvas.plane();
        for (int i = 0; i < plane; i++) {
            float gray = ColorJitter.R * px[i] + ColorJitter.G * px[plane + i] + ColorJitter.B * px[2 * plane + i];
            px[i] = gray;
            px[plane + i] = gray;
            px[2 * plane + i] = gray;
        }
    }
}
