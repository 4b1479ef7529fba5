package org.pcl4j.model;

import java.util.Objects;
import org.pcl4j.SettingException;

/**
 * Architecture of an encoder f_θ = backbone + projection head (ALGORITHM.md §1, §4).
 *
 * @param backbone  the backbone (setting {@code arch})
 * @param head      {@link Head#LINEAR} (PCL v1) or {@link Head#MLP} (PCL v2: Linear-ReLU-Linear with
 *                  hidden width = backbone width, ALGORITHM.md §4)
 * @param dim       dimension of the L2-normalised embedding, {@link #DEFAULT_DIM}
 * @param channels  image channels (1 grayscale, 3 colour), from the data
 * @param imageSize side of the square input images in pixels, from the data
 * @param custom    the user-supplied backbone when {@code backbone} is {@link Arch#CUSTOM}, else null
 */
public record EncoderConfig(Arch backbone, Head head, int dim, int channels, int imageSize, CustomBackbone custom) {

    /** Embedding dimension of the paper (ALGORITHM.md §1). */
    public static final int DEFAULT_DIM = 128;

    /**
     * Largest image side that still gets the CIFAR stem (3×3 conv, stride 1, no max-pool) in the
     * ResNets; larger images get the ImageNet stem (7×7/2 conv + 3×3/2 max-pool).
     */
    public static final int CIFAR_STEM_MAX_SIZE = 64;

    /** Checks the settings. */
    public EncoderConfig {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(head, "head");
        if (dim < 1) {
            throw new SettingException("dim", "{dim}: expected a positive embedding dimension, got " + dim);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be positive, got " + channels);
        }
        if (imageSize < 1) {
            throw new IllegalArgumentException("imageSize must be positive, got " + imageSize);
        }
        if ((backbone == Arch.CUSTOM) != (custom != null)) {
            throw new IllegalArgumentException("a custom backbone goes with arch custom, got " + backbone + " and " + custom);
        }
    }

    /** A config with a built-in backbone. */
    public EncoderConfig(Arch backbone, Head head, int dim, int channels, int imageSize) {
        this(backbone, head, dim, channels, imageSize, null);
    }

    /** A config with the user-supplied backbone {@code custom}. */
    public static EncoderConfig of(CustomBackbone custom, Head head, int dim, int channels, int imageSize) {
        return new EncoderConfig(Arch.CUSTOM, head, dim, channels, imageSize, Objects.requireNonNull(custom, "custom"));
    }

    /** A config with the default embedding dimension {@link #DEFAULT_DIM}. */
    public static EncoderConfig of(Arch backbone, Head head, int channels, int imageSize) {
        return new EncoderConfig(backbone, head, DEFAULT_DIM, channels, imageSize);
    }

    /** Width of the backbone output (the features before the head). */
    public int featureWidth() {
        return custom != null ? custom.featureWidth() : backbone.featureWidth();
    }

    /**
     * The architecture as saved with an encoder's weights (and checked when they are loaded): the
     * form of earlier versions for built-in backbones, the custom backbone's name appended.
     */
    @Override
    public String toString() {
        return "EncoderConfig[backbone=" + backbone + ", head=" + head + ", dim=" + dim + ", channels=" + channels
                + ", imageSize=" + imageSize + (custom != null ? ", custom=" + custom : "") + "]";
    }

    /** Whether the ResNets use the CIFAR stem for this image size. */
    public boolean cifarStem() {
        return imageSize <= CIFAR_STEM_MAX_SIZE;
    }
}
