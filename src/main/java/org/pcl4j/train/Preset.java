package org.pcl4j.train;

import java.util.Arrays;
import java.util.Locale;
import org.pcl4j.InputException;

/**
 * The recipes of spec §4. A preset fills every setting that differs between the variants; a flag
 * given on the command line overrides it.
 */
public enum Preset {
    /** PCL v1: linear head, MoCo v1 augmentation, τ = 0.1, step schedule. */
    PCL_V1("pcl-v1", "linear", "mocov1", 0.1f, "step", true),
    /** PCL v2: MLP head, aug+, τ = 0.2, cosine schedule. */
    PCL_V2("pcl-v2", "mlp", "aug+", 0.2f, "cosine", true),
    /** MoCo v2: PCL v2 without the prototype term (the instance-only ablation). */
    MOCO_V2("moco-v2", "mlp", "aug+", 0.2f, "cosine", false);

    private final String cliName;
    private final String head;
    private final String augmentation;
    private final float temperature;
    private final String schedule;
    private final boolean prototypes;

    Preset(String cliName, String head, String augmentation, float temperature, String schedule, boolean prototypes) {
        this.cliName = cliName;
        this.head = head;
        this.augmentation = augmentation;
        this.temperature = temperature;
        this.schedule = schedule;
        this.prototypes = prototypes;
    }

    public static Preset parse(String name) {
        return Arrays.stream(values())
                .filter(p -> p.cliName.equals(name.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new InputException("--preset: unknown preset '" + name + "'; expected one of pcl-v1, pcl-v2, moco-v2"));
    }

    public String cliName() {
        return cliName;
    }

    public String head() {
        return head;
    }

    public String augmentation() {
        return augmentation;
    }

    public float temperature() {
        return temperature;
    }

    public String schedule() {
        return schedule;
    }

    /** Whether the ProtoNCE term (and so the E-step) is used. */
    public boolean prototypes() {
        return prototypes;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
