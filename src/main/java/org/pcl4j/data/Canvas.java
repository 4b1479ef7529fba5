package org.pcl4j.data;

/**
 * The working image of one transform call: {@code channels × size × size} floats in [0, 1], CHW,
 * plus scratch buffers for the ops. A {@link Pipeline} keeps one per thread and reuses it, so the
 * per-sample hot path allocates nothing.
 */
final class Canvas {
    final int channels;
    final int size;
    /** CHW pixels in [0, 1]. */
    final float[] pixels;
    /** Same shape as {@link #pixels}: the intermediate of separable (two-pass) filters. */
    final float[] temp;
    /** Interpolation weights of the resampler, one set per axis. */
    final Resampler.Axis rows = new Resampler.Axis();
    final Resampler.Axis cols = new Resampler.Axis();
    /** Horizontally resampled source rows; grows to the largest crop seen. */
    float[] rowBuffer = new float[0];
    /** One output row of the resampler's vertical pass, HWC (size × channels). */
    final float[] outputRow;
    /** Order of the four colour-jitter adjustments. */
    final int[] order = new int[4];
    /** The hue rotation's four candidate channel values of one pixel: v, q, t, p (HSV → RGB). */
    final float[] hueCandidates = new float[4];
    /** Gaussian kernel; grows with sigma. */
    float[] kernel = new float[0];

    Canvas(int channels, int size) {
        this.channels = channels;
        this.size = size;
        this.pixels = new float[channels * size * size];
        this.temp = new float[pixels.length];
        this.outputRow = new float[size * channels];
    }

    int plane() {
        return size * size;
    }
}
