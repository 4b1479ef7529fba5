package org.pcl4j.data;

import java.util.SplittableRandom;

/** Mirrors the canvas left-right with probability {@code p}. */
record HorizontalFlip(double p) implements PixelOp {
    @Override
    public void apply(Canvas canvas, SplittableRandom rng) {
        if (rng.nextDouble() >= p) {
            return;
        }
        float[] px = canvas.pixels;
        int s = canvas.size;
        for (int row = 0; row < canvas.channels * s; row++) {
            for (int a = row * s, b = a + s - 1; a < b; a++, b--) {
                float t = px[a];
                px[a] = px[b];
                px[b] = t;
            }
        }
    }
}
