package org.pcl4j.data;

import java.util.SplittableRandom;

/**
 * The evaluation view (ALGORITHM.md §6): resize the shorter side, then take the centre square — in one
 * resampling pass. Images larger than the output are resized to {@code round(size / 0.875)} first
 * (the ImageNet 256→224 convention), others straight to {@code size}; an image already of the
 * output size is copied as is. No randomness.
 */
record ResizeCenterCrop(double cropFraction) implements Sampler {
    @Override
    public void sample(Image image, SplittableRandom rng, Canvas canvas) {
        int size = canvas.size;
        int height = image.height();
        int width = image.width();
        int shorter = Math.min(height, width);
        int resized = shorter > size ? (int) Math.round(size / cropFraction) : size;
        // torchvision Resize(int): the shorter side becomes `resized`, the longer one is truncated proportionally.
        int newH = height <= width ? resized : (int) ((long) resized * height / width);
        int newW = height <= width ? (int) ((long) resized * width / height) : resized;
        int top = (int) Math.round((newH - size) / 2.0);
        int left = (int) Math.round((newW - size) / 2.0);
        double sy = (double) height / newH;
        double sx = (double) width / newW;
        Resampler.resample(image, top * sy, left * sx, size * sy, size * sx, 0, height, 0, width, canvas);
    }
}
