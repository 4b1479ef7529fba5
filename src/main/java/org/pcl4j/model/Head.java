package org.pcl4j.model;

import com.google.gson.annotations.SerializedName;
import org.pcl4j.Choice;

/** The projection head of an encoder (ALGORITHM.md §4); saved in checkpoints by its {@link #cliName()}. */
public enum Head implements Choice {
    /** PCL v1: one linear layer. */
    @SerializedName("linear") LINEAR,
    /** PCL v2: Linear-ReLU-Linear, hidden width = backbone width. */
    @SerializedName("mlp") MLP;

    /** The head named {@code text} (setting {@code head}). */
    public static Head parse(String text) {
        return Choice.parse(Head.class, "head", text);
    }

    @Override
    public String toString() {
        return cliName();
    }
}
