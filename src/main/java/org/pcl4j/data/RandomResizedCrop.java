package org.pcl4j.data;

import java.util.SplittableRandom;

/**
 * torchvision's {@code RandomResizedCrop}: a window covering a random fraction {@code scale} of the
 * area with a log-uniform aspect ratio; 10 attempts, then a centre crop clamped to the ratio range;
 * resized to the output with bilinear filtering (ALGORITHM.md §6).
 */
record RandomResizedCrop(double minScale, double maxScale, double minRatio, double maxRatio) implements Sampler {
    private static final int ATTEMPTS = 10;

    @Override
    public void sample(Image image, SplittableRandom rng, Canvas canvas) {
        int height = image.height();
        int width = image.width();
        double area = (double) height * width;
        double logMin = StrictMath.log(minRatio);
        double logMax = StrictMath.log(maxRatio);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double target = area * uniform(rng, minScale, maxScale);
            double ratio = StrictMath.exp(uniform(rng, logMin, logMax));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                crop(image, top, left, h, w, canvas);
                return;
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < minRatio) {
            w = width;
            h = (int) Math.round(w / minRatio);
        } else if (inRatio > maxRatio) {
            h = height;
            w = (int) Math.round(h * maxRatio);
        } else {
            w = width;
            h = height;
        }
        crop(image, (height - h) / 2, (width - w) / 2, h, w, canvas);
    }

    private static void crop(Image image, int top, int left, int h, int w, Canvas canvas) {
        Resampler.resample(image, top, left, h, w, top, top + h, left, left + w, canvas);
    }

    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
