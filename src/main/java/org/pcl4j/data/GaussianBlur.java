package org.pcl4j.data;

import java.util.SplittableRandom;

/**
 * MoCo v2's Gaussian blur: sigma uniform in {@code [minSigma, maxSigma]}, a separable kernel of
 * radius {@code ceil(3 sigma)}, reflected at the borders.
 */
record GaussianBlur(double minSigma, double maxSigma) implements PixelOp {
    @Override
    public void apply(Canvas canvas, SplittableRandom rng) {
        double sigma = RandomResizedCrop.uniform(rng, minSigma, maxSigma);
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        if (canvas.kernel.length < 2 * radius + 1) {
            canvas.kernel = new float[2 * radius + 1];
        }
        float[] k = canvas.kernel;
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            sum += StrictMath.exp(-(i * i) / (2 * sigma * sigma));
        }
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = (float) (StrictMath.exp(-(i * i) / (2 * sigma * sigma)) / sum);
        }
        int s = canvas.size;
        float[] src = canvas.pixels;
        float[] tmp = canvas.temp;
        // Horizontal into temp, then vertical back into pixels.
        for (int row = 0; row < canvas.channels * s; row++) {
            int base = row * s;
            for (int x = 0; x < s; x++) {
                float acc = 0;
                for (int i = -radius; i <= radius; i++) {
                    acc += k[i + radius] * src[base + reflect(x + i, s)];
                }
                tmp[base + x] = acc;
            }
        }
        int plane = canvas.plane();
        for (int c = 0; c < canvas.channels; c++) {
            int base = c * plane;
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float acc = 0;
                    for (int i = -radius; i <= radius; i++) {
                        acc += k[i + radius] * tmp[base + reflect(y + i, s) * s + x];
                    }
                    src[base + y * s + x] = acc;
                }
            }
        }
    }

    /** Mirror index without repeating the edge pixel (PyTorch's "reflect" padding). */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
