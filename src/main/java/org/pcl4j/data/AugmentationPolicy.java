package org.pcl4j.data;

import com.google.gson.annotations.SerializedName;
import org.pcl4j.Choice;

/**
 * The two-view augmentation recipes of ALGORITHM.md §6; {@link Transforms#train} builds them. Saved in
 * checkpoints by {@link #cliName()}.
 */
public enum AugmentationPolicy implements Choice {
    /** MoCo v1: crop, grayscale p=0.2, colour jitter (0.4, 0.4, 0.4, 0.4), flip. */
    @SerializedName(value = "mocov1", alternate = {"MOCO_V1", "moco_v1"})
    MOCO_V1("mocov1"),
    /** MoCo v2 "aug+": crop, colour jitter (0.4, 0.4, 0.4, 0.1) p=0.8, grayscale p=0.2, blur p=0.5, flip. */
    @SerializedName(value = "aug+", alternate = {"AUG_PLUS", "aug_plus", "AUG+"})
    AUG_PLUS("aug+");

    private final String cliName;

    AugmentationPolicy(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in saved configs. */
    @Override
    public String cliName() {
        return cliName;
    }

    /** The policy named {@code name} (setting {@code augmentation}). */
    public static AugmentationPolicy parse(String name) {
        return Choice.parse(AugmentationPolicy.class, "augmentation", name);
    }

    @Override
    public String toString() {
        return cliName;
    }
}
