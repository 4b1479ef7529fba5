package org.pcl4j.train;

import org.pcl4j.Choice;
import org.pcl4j.data.AugmentationPolicy;
import org.pcl4j.model.Head;

/**
 * The recipes of ALGORITHM.md §4. A preset fills every setting that differs between the variants; a flag
 * given on the command line overrides it.
 */
public enum Preset implements Choice {
    /** PCL v1: linear head, MoCo v1 augmentation, τ = 0.1, step schedule. */
    PCL_V1("pcl-v1", Head.LINEAR, AugmentationPolicy.MOCO_V1, 0.1f, Schedule.STEP, true),
    /** PCL v2: MLP head, aug+, τ = 0.2, cosine schedule. */
    PCL_V2("pcl-v2", Head.MLP, AugmentationPolicy.AUG_PLUS, 0.2f, Schedule.COSINE, true),
    /** MoCo v2: PCL v2 without the prototype term (the instance-only ablation). */
    MOCO_V2("moco-v2", Head.MLP, AugmentationPolicy.AUG_PLUS, 0.2f, Schedule.COSINE, false);

    private final String cliName;
    private final Head head;
    private final AugmentationPolicy augmentation;
    private final float temperature;
    private final Schedule schedule;
    private final boolean prototypes;

    Preset(String cliName, Head head, AugmentationPolicy augmentation, float temperature, Schedule schedule, boolean prototypes) {
        this.cliName = cliName;
        this.head = head;
        this.augmentation = augmentation;
        this.temperature = temperature;
        this.schedule = schedule;
        this.prototypes = prototypes;
    }

    /** The preset named {@code name} (setting {@code preset}). */
    public static Preset parse(String name) {
        return Choice.parse(Preset.class, "preset", name);
    }

    @Override
    public String cliName() {
        return cliName;
    }

    /** The projection head of this recipe. */
    public Head head() {
        return head;
    }

    /** The augmentation of this recipe. */
    public AugmentationPolicy augmentation() {
        return augmentation;
    }

    /** The instance temperature τ of this recipe. */
    public float temperature() {
        return temperature;
    }

    /** The learning-rate schedule of this recipe. */
    public Schedule schedule() {
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
