package org.pcl4j.data;

import java.util.Locale;
import org.pcl4j.InputException;

/** The standard partitions of a data set. */
public enum Split {
    TRAIN,
    TEST;

    /** {@code train} or {@code test}, as given to {@code flag}. */
    public static Split parse(String value, String flag) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "train" -> TRAIN;
            case "test" -> TEST;
            default -> throw new InputException(flag + ": expected train or test, got '" + value + "'");
        };
    }
}
