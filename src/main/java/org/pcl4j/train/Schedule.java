package org.pcl4j.train;

import com.google.gson.annotations.SerializedName;
import org.pcl4j.Choice;

/** The learning-rate schedule of ALGORITHM.md §3.5; saved in checkpoints by its {@link #cliName()}. */
public enum Schedule implements Choice {
    /** ×0.1 at given epochs (PCL v1). */
    @SerializedName("step") STEP,
    /** Half a cosine from the base rate to 0 (PCL v2). */
    @SerializedName("cosine") COSINE;

    /** The schedule named {@code text} (setting {@code schedule}). */
    public static Schedule parse(String text) {
        return Choice.parse(Schedule.class, "schedule", text);
    }

    @Override
    public String toString() {
        return cliName();
    }
}
