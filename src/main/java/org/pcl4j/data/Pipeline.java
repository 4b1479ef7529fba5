package org.pcl4j.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A transform assembled from a {@link Sampler}, a list of {@link PixelOp}s and the normalisation,
 * the way torchvision composes {@code Compose([...])}. Each thread gets its own {@link Canvas}, so
 * one pipeline can serve all loader workers without locks or per-sample allocation.
 */
final class Pipeline implements ImageTransform {
    private final Sampler sampler;
    private final PixelOp[] ops;
    private final int channels;
    private final int size;
    private final float[] mean;
    private final float[] invStd;
    private final ThreadLocal<Canvas> canvas;

    Pipeline(Sampler sampler, List<PixelOp> ops, Normalization normalization, int channels, int size) {
        if (normalization.channels() != channels) {
            throw new IllegalArgumentException("normalization has " + normalization.channels() + " channels, images " + channels);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + size);
        }
        this.sampler = sampler;
        this.ops = ops.toArray(PixelOp[]::new);
        this.channels = channels;
        this.size = size;
        this.mean = normalization.mean().clone();
        this.invStd = new float[channels];
        for (int c = 0; c < channels; c++) {
            invStd[c] = 1f / normalization.std()[c];
        }
        this.canvas = ThreadLocal.withInitial(() -> new Canvas(channels, size));
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public int outputChannels() {
        return channels;
    }

    @Override
    public void apply(Image image, SplittableRandom rng, float[] out, int offset) {
        if (image.channels() != channels) {
            throw new IllegalArgumentException("transform for " + channels + "-channel images got " + image.channels());
        }
        Canvas c = canvas.get();
        sampler.sample(image, rng, c);
        for (PixelOp op : ops) {
            op.apply(c, rng);
        }
        float[] px = c.pixels;
        int plane = c.plane();
        for (int ch = 0; ch < channels; ch++) {
            float m = mean[ch];
            float inv = invStd[ch];
            int base = ch * plane;
            for (int i = 0; i < plane; i++) {
                out[offset + base + i] = (px[base + i] - m) * inv;
            }
        }
    }

    @Override
    public String toString() {
        return "Pipeline[" + sampler + ", " + List.of(ops) + ", " + channels + "×" + size + "×" + size + "]";
    }
}
