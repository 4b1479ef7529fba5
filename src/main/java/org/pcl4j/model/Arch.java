package org.pcl4j.model;

import com.google.gson.annotations.SerializedName;
import org.pcl4j.Choice;

/** The backbone of an encoder (ALGORITHM.md §4); saved in checkpoints by its {@link #cliName()}. */
public enum Arch implements Choice {
    /** A four-layer CNN, fast on a CPU (256-d features). */
    @SerializedName("small-cnn") SMALL_CNN("small-cnn", Backbones.SMALL_CNN_WIDTH),
    /**
     * Seven conv layers in VGG-style pairs (256-d features): three times small-cnn's multiply-adds,
     * a step between it and ResNet-18 for CPU runs.
     */
    @SerializedName("deep-cnn") DEEP_CNN("deep-cnn", Backbones.SMALL_CNN_WIDTH),
    /** ResNet-18 (512-d features). */
    @SerializedName("resnet18") RESNET18("resnet18", Backbones.RESNET18_WIDTH),
    /** ResNet-50 (2048-d features). */
    @SerializedName("resnet50") RESNET50("resnet50", Backbones.RESNET50_WIDTH),
    /**
     * A user-supplied DJL block ({@link CustomBackbone}, given from Java); its width is the custom
     * backbone's. It cannot be chosen on the command line.
     */
    @SerializedName("custom") CUSTOM("custom", 0);

    private final String cliName;
    private final int featureWidth;

    Arch(String cliName, int featureWidth) {
        this.cliName = cliName;
        this.featureWidth = featureWidth;
    }

    /** The built-in backbone named {@code text} (setting {@code arch}); {@link #CUSTOM} is set from Java only. */
    public static Arch parse(String text) {
        return Choice.parse(Arch.class, "arch", text);
    }

    @Override
    public boolean parsable() {
        return this != CUSTOM;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    /** Width of the backbone output (the features before the head); 0 for {@link #CUSTOM} (see {@link CustomBackbone}). */
    public int featureWidth() {
        return featureWidth;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
