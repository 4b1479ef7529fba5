package org.pcl4j.data;

import org.pcl4j.Choice;

/** The standard partitions of a data set; named {@code train} and {@code test}. */
public enum Split implements Choice {
    TRAIN,
    TEST;

    /** {@code train} or {@code test} (setting {@code split}). */
    public static Split parse(String value) {
        return Choice.parse(Split.class, "split", value);
    }
}
