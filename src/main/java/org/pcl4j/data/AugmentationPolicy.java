package org.pcl4j.data;

import java.util.Arrays;
import java.util.Locale;
import org.pcl4j.InputException;

/** The two-view augmentation recipes of spec §5; {@link Transforms#train} builds them. */
public enum AugmentationPolicy {
    /** MoCo v1: crop, grayscale p=0.2, colour jitter (0.4, 0.4, 0.4, 0.4), flip. */
    MOCO_V1("mocov1"),
    /** MoCo v2 "aug+": crop, colour jitter (0.4, 0.4, 0.4, 0.1) p=0.8, grayscale p=0.2, blur p=0.5, flip. */
    AUG_PLUS("aug+");

    private final String cliName;

    AugmentationPolicy(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in saved configs. */
    public String cliName() {
        return cliName;
    }

    public static AugmentationPolicy parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> p.cliName.equals(n) || p.name().toLowerCase(Locale.ROOT).equals(n))
                .findFirst()
                .orElseThrow(() -> new InputException("--aug '" + name + "': expected mocov1 or aug+"));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
