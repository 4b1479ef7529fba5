package org.pcl4j.train;

import java.util.Arrays;

/**
 * Learning rate per epoch (ALGORITHM.md §3.5): step decay ×0.1 at given epochs (v1) or cosine (v2).
 * The rate is constant within an epoch, as in the reference.
 */
public record LrSchedule(Schedule kind, float baseLr, int epochs, int[] steps) {

    /** Copies {@code steps}. */
    public LrSchedule {
        java.util.Objects.requireNonNull(kind, "kind");
        steps = steps.clone();
    }

    /** The rate of the 0-based {@code epoch}. */
    public float lr(int epoch) {
        if (kind == Schedule.COSINE) {
            return (float) (baseLr * 0.5 * (1.0 + StrictMath.cos(Math.PI * epoch / epochs)));
        }
        long passed = Arrays.stream(steps).filter(s -> epoch >= s).count();
        return (float) (baseLr * StrictMath.pow(0.1, passed));
    }

    /** The reference's milestones 120 and 160 of 200 epochs, scaled to a run of {@code epochs}. */
    public static int[] defaultSteps(int epochs) {
        return new int[] {Math.round(epochs * 0.6f), Math.round(epochs * 0.8f)};
    }
}
