package org.pcl4j.model;

import java.util.List;
import org.pcl4j.InputException;

/**
 * Architecture of an encoder f_θ = backbone + projection head (spec §1, §4).
 *
 * @param backbone  {@code small-cnn}, {@code resnet18} or {@code resnet50} (flag {@code --arch})
 * @param head      {@code linear} (PCL v1) or {@code mlp} (PCL v2: Linear-ReLU-Linear with hidden
 *                  width = backbone width, spec §4) (flag {@code --head})
 * @param dim       dimension of the L2-normalised embedding, {@link #DEFAULT_DIM} (flag {@code --dim})
 * @param channels  image channels (1 grayscale, 3 colour), from the data
 * @param imageSize side of the square input images in pixels, from the data
 */
public record EncoderConfig(String backbone, String head, int dim, int channels, int imageSize) {

    /** Embedding dimension of the paper (spec §1). */
    public static final int DEFAULT_DIM = 128;

    public static final String SMALL_CNN = "small-cnn";
    public static final String RESNET18 = "resnet18";
    public static final String RESNET50 = "resnet50";
    /** Backbone names accepted by {@code --arch}. */
    public static final List<String> BACKBONES = List.of(SMALL_CNN, RESNET18, RESNET50);

    public static final String LINEAR = "linear";
    public static final String MLP = "mlp";
    /** Head names accepted by {@code --head}. */
    public static final List<String> HEADS = List.of(LINEAR, MLP);

    /**
     * Largest image side that still gets the CIFAR stem (3×3 conv, stride 1, no max-pool) in the
     * ResNets; larger images get the ImageNet stem (7×7/2 conv + 3×3/2 max-pool).
     */
    public static final int CIFAR_STEM_MAX_SIZE = 64;

    public EncoderConfig {
        if (backbone == null || !BACKBONES.contains(backbone)) {
            throw new InputException("--arch: expected one of " + String.join(", ", BACKBONES)
                    + ", got '" + backbone + "'");
        }
        if (head == null || !HEADS.contains(head)) {
            throw new InputException("--head: expected one of " + String.join(", ", HEADS)
                    + ", got '" + head + "'");
        }
        if (dim < 1) {
            throw new InputException("--dim: expected a positive embedding dimension, got " + dim);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be positive, got " + channels);
        }
        if (imageSize < 1) {
            throw new IllegalArgumentException("imageSize must be positive, got " + imageSize);
        }
    }

    /** A config with the default embedding dimension {@link #DEFAULT_DIM}. */
    public static EncoderConfig of(String backbone, String head, int channels, int imageSize) {
        return new EncoderConfig(backbone, head, DEFAULT_DIM, channels, imageSize);
    }

    /** Width of the backbone output (the features before the head). */
    public int featureWidth() {
        return switch (backbone) {
            case SMALL_CNN -> Backbones.SMALL_CNN_WIDTH;
            case RESNET18 -> Backbones.RESNET18_WIDTH;
            case RESNET50 -> Backbones.RESNET50_WIDTH;
            default -> throw new IllegalStateException(backbone);
        };
    }

    /** Whether the ResNets use the CIFAR stem for this image size. */
    public boolean cifarStem() {
        return imageSize <= CIFAR_STEM_MAX_SIZE;
    }
}
