package org.pcl4j.data;

import java.util.Arrays;

/**
 * Resamples a rectangle of an {@link Image} to the square canvas with a separable triangle filter:
 * plain bilinear interpolation when enlarging and, when shrinking, a filter widened by the scale
 * factor (antialiasing), which is what PIL's {@code BILINEAR} resize does under torchvision.
 * Pixel centres sit at {@code i + 0.5}; taps outside {@code [lo, hi)} are dropped and the rest
 * renormalised, so edges are clamped and a same-size window is an exact copy.
 */
final class Resampler {
    private Resampler() {}

    /** Filter taps of one axis: output {@code o} reads {@code count[o]} inputs from {@code first[o]}. */
    static final class Axis {
        int[] first = new int[0];
        int[] count = new int[0];
        float[] weights = new float[0];
        int taps;

        /**
         * @param start  source coordinate of the window's leading edge
         * @param length window length in source pixels
         * @param out    output pixels along this axis
         * @param lo     first source pixel that may be read
         * @param hi     one past the last source pixel that may be read
         */
        void compute(double start, double length, int out, int lo, int hi) {
            double scale = length / out;
            double width = Math.max(scale, 1.0); // triangle half-width, in source pixels
            taps = (int) Math.ceil(width) * 2 + 1;
            if (first.length < out) {
                first = new int[out];
                count = new int[out];
            }
            if (weights.length < out * taps) {
                weights = new float[out * taps];
            }
            for (int o = 0; o < out; o++) {
                double center = start + (o + 0.5) * scale;
                int a = Math.max(lo, (int) Math.floor(center - width + 0.5));
                int b = Math.min(hi, (int) Math.floor(center + width + 0.5));
                if (b <= a) { // window entirely outside the allowed range: nearest allowed pixel
                    a = Math.min(Math.max((int) Math.floor(center), lo), hi - 1);
                    b = a + 1;
                }
                double sum = 0;
                for (int j = a; j < b; j++) {
                    sum += Math.max(0.0, 1.0 - Math.abs((j + 0.5 - center) / width));
                }
                int base = o * taps;
                for (int j = a; j < b; j++) {
                    double w = Math.max(0.0, 1.0 - Math.abs((j + 0.5 - center) / width));
                    weights[base + j - a] = (float) (sum > 0 ? w / sum : 1.0 / (b - a));
                }
                first[o] = a;
                count[o] = b - a;
            }
        }
    }

    /**
     * Fills {@code canvas.pixels} (values in [0, 1]) from the window {@code [y0, y0+h) × [x0, x0+w)}
     * of {@code image}, reading only source pixels inside {@code [yLo, yHi) × [xLo, xHi)}.
     */
    static void resample(Image image, double y0, double x0, double h, double w, int yLo, int yHi, int xLo, int xHi,
            Canvas canvas) {
        int s = canvas.size;
        int c = canvas.channels;
        Axis rows = canvas.rows;
        Axis cols = canvas.cols;
        rows.compute(y0, h, s, yLo, yHi);
        cols.compute(x0, w, s, xLo, xHi);
        int rowStart = rows.first[0];
        int rowEnd = rows.first[s - 1] + rows.count[s - 1];
        int stride = s * c;
        int needed = (rowEnd - rowStart) * stride;
        if (canvas.rowBuffer.length < needed) {
            canvas.rowBuffer = new float[needed];
        }
        float[] tmp = canvas.rowBuffer;
        byte[] px = image.pixels();
        int width = image.width();
        // Pass 1: every needed source row, resampled horizontally, HWC. Colour images sum their three
        // channels side by side (one weight load per tap); each channel's sum is the same as alone.
        for (int r = rowStart; r < rowEnd; r++) {
            int rowBase = r * width * c;
            int tmpBase = (r - rowStart) * stride;
            for (int ox = 0; ox < s; ox++) {
                int x = cols.first[ox];
                int n = cols.count[ox];
                int wBase = ox * cols.taps;
                if (c == 3) {
                    float red = 0;
                    float green = 0;
                    float blue = 0;
                    for (int k = 0; k < n; k++) {
                        float weight = cols.weights[wBase + k];
                        int at = rowBase + (x + k) * 3;
                        red += weight * (px[at] & 0xFF);
                        green += weight * (px[at + 1] & 0xFF);
                        blue += weight * (px[at + 2] & 0xFF);
                    }
                    int to = tmpBase + ox * 3;
                    tmp[to] = red;
                    tmp[to + 1] = green;
                    tmp[to + 2] = blue;
                    continue;
                }
                for (int ch = 0; ch < c; ch++) {
                    float acc = 0;
                    for (int k = 0; k < n; k++) {
                        acc += cols.weights[wBase + k] * (px[rowBase + (x + k) * c + ch] & 0xFF);
                    }
                    tmp[tmpBase + ox * c + ch] = acc;
                }
            }
        }
        // Pass 2: vertically, into CHW, scaled to [0, 1]. Each output row is summed tap by tap over the
        // whole row (a stride-1 multiply-add the JIT vectorises), then written out per channel: every
        // value gets the same additions in the same order as a sum per output pixel.
        float[] out = canvas.pixels;
        float[] acc = canvas.outputRow;
        int plane = canvas.plane();
        for (int oy = 0; oy < s; oy++) {
            int y = rows.first[oy] - rowStart;
            int n = rows.count[oy];
            int wBase = oy * rows.taps;
            Arrays.fill(acc, 0f);
            for (int k = 0; k < n; k++) {
                float weight = rows.weights[wBase + k];
                int from = (y + k) * stride;
                for (int j = 0; j < stride; j++) {
                    acc[j] += weight * tmp[from + j];
                }
            }
            int rowOut = oy * s;
            for (int ch = 0; ch < c; ch++) {
                int to = ch * plane + rowOut;
                for (int ox = 0; ox < s; ox++) {
                    out[to + ox] = Math.min(1f, Math.max(0f, acc[ox * c + ch] * (1f / 255f)));
                }
            }
        }
    }
}
