package org.pcl4j.train;

/**
 * Epoch numbering. Loops count epochs from 0 (epoch index {@code e} runs after {@code e} completed
 * epochs); everything a user sees (progress bar, log lines, error messages, {@code metrics.jsonl},
 * checkpoint names, plots) numbers them from 1: epoch 1 is the first, {@code checkpoint-0001} is
 * written after it. This is the one place that converts.
 */
public final class Epochs {
    private Epochs() {}

    /** The number users see for the epoch of 0-based index {@code index}. */
    public static int shown(int index) {
        return index + 1;
    }
}
