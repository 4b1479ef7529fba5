package org.pcl4j.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The transforms of ALGORITHM.md §6, with torchvision semantics: the two training recipes (MoCo v1
 * and aug+) and the evaluation view used by the E-step, kNN and the probes. Grayscale sources get
 * the policy's colour jitter with its strengths and probability, which on one channel changes only
 * brightness and contrast (saturation and hue do nothing to a gray image, as in torchvision), and
 * no random grayscale; blur is only used on images larger than {@link #BLUR_MIN_SIZE} pixels.
 */
public final class Transforms {
    /** RandomResizedCrop area fraction and aspect-ratio range (ALGORITHM.md §6). */
    public static final double CROP_MIN_SCALE = 0.2;
    public static final double CROP_MAX_SCALE = 1.0;
    public static final double CROP_MIN_RATIO = 3.0 / 4.0;
    public static final double CROP_MAX_RATIO = 4.0 / 3.0;
    public static final double GRAYSCALE_P = 0.2;
    public static final double FLIP_P = 0.5;
    /** aug+: colour jitter is applied with this probability. */
    public static final double JITTER_P = 0.8;
    public static final double BLUR_P = 0.5;
    public static final double BLUR_MIN_SIGMA = 0.1;
    public static final double BLUR_MAX_SIGMA = 2.0;
    /** Blur is skipped for images of at most this side, as CIFAR recipes do (ALGORITHM.md §6). */
    public static final int BLUR_MIN_SIZE = 32;
    /** Evaluation: the centre crop covers this fraction of the resized shorter side (224 of 256). */
    public static final double EVAL_CROP_FRACTION = 0.875;

    private Transforms() {}

    /** One training view of {@code policy} for images of {@code source}, cropped to {@code outputSize}. */
    public static ImageTransform train(AugmentationPolicy policy, ImageSource source, int outputSize) {
        boolean rgb = source.channels() == 3;
        List<PixelOp> ops = new ArrayList<>();
        switch (policy) {
            case MOCO_V1 -> {
                if (rgb) {
                    ops.add(new RandomGrayscale(GRAYSCALE_P));
                }
                ops.add(new ColorJitter(0.4f, 0.4f, 0.4f, 0.4f)); // one channel: brightness and contrast only
            }
            case AUG_PLUS -> {
                ops.add(new RandomApply(new ColorJitter(0.4f, 0.4f, 0.4f, 0.1f), JITTER_P));
                if (rgb) {
                    ops.add(new RandomGrayscale(GRAYSCALE_P));
                }
                if (outputSize > BLUR_MIN_SIZE) {
                    ops.add(new RandomApply(new GaussianBlur(BLUR_MIN_SIGMA, BLUR_MAX_SIGMA), BLUR_P));
                }
            }
        }
        ops.add(new HorizontalFlip(FLIP_P));
        Sampler crop = new RandomResizedCrop(CROP_MIN_SCALE, CROP_MAX_SCALE, CROP_MIN_RATIO, CROP_MAX_RATIO);
        return new Pipeline(crop, ops, source.normalization(), source.channels(), outputSize);
    }

    /** The deterministic evaluation view: resize, centre crop, normalise (ALGORITHM.md §6). */
    public static ImageTransform eval(ImageSource source, int outputSize) {
        return new Pipeline(new ResizeCenterCrop(EVAL_CROP_FRACTION), List.of(), source.normalization(), source.channels(),
                outputSize);
    }
}
