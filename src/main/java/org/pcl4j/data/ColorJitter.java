package org.pcl4j.data;

import java.util.SplittableRandom;

/**
 * torchvision's {@code ColorJitter} on RGB floats: brightness, contrast and saturation factors drawn
 * from {@code [max(0, 1-x), 1+x]}, a hue shift from {@code [-hue, hue]} (in HSV, as a fraction of the
 * colour wheel), applied in a random order; every result clamped to [0, 1].
 *
 * <p>On a 1-channel canvas, as torchvision on a grayscale tensor: brightness multiplies, contrast
 * blends with the image's mean level, and saturation and hue leave the image unchanged (their
 * factors are still drawn, so the random stream is the same as for colour images).
 */
record ColorJitter(float brightness, float contrast, float saturation, float hue) implements PixelOp {
    /** ITU-R 601-2 luma, the weights of torchvision's rgb_to_grayscale. */
    static final float R = 0.2989f;
    static final float G = 0.587f;
    static final float B = 0.114f;

    @Override
    public void apply(Canvas canvas, SplittableRandom rng) {
        int[] order = canvas.order;
        for (int i = 0; i < 4; i++) {
            order[i] = i;
        }
        for (int i = 3; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float b = factor(rng, brightness);
        float c = factor(rng, contrast);
        float s = factor(rng, saturation);
        float h = (float) RandomResizedCrop.uniform(rng, -hue, hue);
        for (int op : order) {
            switch (op) {
                case 0 -> brightness(canvas, b);
                case 1 -> contrast(canvas, c);
                case 2 -> saturation(canvas, s);
                default -> hue(canvas, h);
            }
        }
    }

    private static float factor(SplittableRandom rng, float strength) {
        return (float) RandomResizedCrop.uniform(rng, Math.max(0f, 1f - strength), 1f + strength);
    }

    static void brightness(Canvas canvas, float factor) {
        float[] p = canvas.pixels;
        for (int i = 0; i < p.length; i++) {
            p[i] = clampInLoop(p[i] * factor);
        }
    }

    /** Blend with the mean gray level of the whole image. */
    static void contrast(Canvas canvas, float factor) {
        float[] p = canvas.pixels;
        int plane = canvas.plane();
        double sum = 0;
        if (canvas.channels == 1) {
            for (int i = 0; i < plane; i++) {
                sum += p[i];
            }
        } else {
            for (int i = 0; i < plane; i++) {
                sum += R * p[i] + G * p[plane + i] + B * p[2 * plane + i];
            }
        }
        float mean = (float) (sum / plane);
        for (int i = 0; i < p.length; i++) {
            p[i] = clampInLoop(factor * p[i] + (1 - factor) * mean);
        }
    }

    /** Blend each pixel with its own gray level. */
    static void saturation(Canvas canvas, float factor) {
        if (canvas.channels == 1) {
            return; // a gray image is its own gray level
        }
        float[] p = canvas.pixels;
        int plane = canvas.plane();
        for (int i = 0; i < plane; i++) {
            float gray = R * p[i] + G * p[plane + i] + B * p[2 * plane + i];
            for (int c = 0; c < 3; c++) {
                int k = c * plane + i;
                p[k] = clamp(factor * p[k] + (1 - factor) * gray);
            }
        }
    }

    /**
     * Which of (v, q, t, p) each channel of HSV → RGB takes in hue sector 0..5, three per sector:
     * sector 0 is (v, t, p), 1 (q, v, p), 2 (p, v, t), 3 (p, q, v), 4 (t, p, v), 5 (v, p, q).
     */
    private static final int[] SECTOR_CHANNELS = {0, 2, 3, 1, 0, 3, 3, 0, 2, 3, 1, 0, 2, 3, 0, 0, 3, 1};

    /**
     * Rotate the hue: RGB → HSV, h += shift (mod 1), HSV → RGB (torchvision's _rgb2hsv/_hsv2rgb).
     *
     * <p>Written for the loader's hot path at 224 px, where it took 40 % of an aug+ view: the channel
     * holding the maximum and the hue sector vary from pixel to pixel, so branching on them mispredicts;
     * the hue is picked with conditional expressions and the sector's output channels from a table. The
     * arithmetic is the textbook per-pixel one, operation for operation ({@code TransformsTest} compares
     * with it bit for bit).
     */
    static void hue(Canvas canvas, float shift) {
        if (canvas.channels == 1) {
            return; // gray: hue is undefined
        }
        float[] p = canvas.pixels;
        int plane = canvas.plane();
        float[] vqtp = canvas.hueCandidates;
        for (int i = 0; i < plane; i++) {
            float r = p[i];
            float g = p[plane + i];
            float b = p[2 * plane + i];
            float max = Math.max(r, Math.max(g, b));
            float min = Math.min(r, Math.min(g, b));
            float chroma = max - min;
            if (chroma == 0) {
                continue; // gray: hue is undefined and rotating it changes nothing
            }
            float sat = chroma / max;
            boolean maxIsR = max == r;
            boolean maxIsG = !maxIsR && max == g;
            float part = (maxIsR ? g - b : (maxIsG ? b - r : r - g)) / chroma;
            float h = maxIsR ? part : (maxIsG ? 2 + part : 4 + part);
            h = h / 6f + shift;
            h -= (float) Math.floor(h);
            float h6 = h * 6f; // in [0, 6]: h is in [0, 1] here, so (int) is floor
            int whole = (int) h6;
            int sector = whole % 6;
            float f = h6 - whole;
            vqtp[0] = max;
            vqtp[1] = clamp(max * (1 - sat * f));
            vqtp[2] = clamp(max * (1 - sat * (1 - f)));
            vqtp[3] = clamp(max * (1 - sat));
            int at = 3 * sector;
            p[i] = vqtp[SECTOR_CHANNELS[at]];
            p[plane + i] = vqtp[SECTOR_CHANNELS[at + 1]];
            p[2 * plane + i] = vqtp[SECTOR_CHANNELS[at + 2]];
        }
    }

    /** v clamped to [0, 1], for per-pixel code (saturation, hue), where comparisons measured faster than Math.min/max. */
    static float clamp(float v) {
        return v < 0f ? 0f : (v > 1f ? 1f : v);
    }

    /**
     * v clamped to [0, 1], for loops over whole planes: the JIT turns a loop of Math.min/max into vector
     * instructions, where comparisons keep it to one value at a time (brightness at 224 px: 0.18 → 0.01
     * ms); per pixel they are slower. It differs from {@link #clamp} only in giving +0 for -0, which no
     * pixel is: the canvas starts in [+0, 1] and every adjustment blends non-negative values.
     */
    static float clampInLoop(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}
