package org.pcl4j;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A setting with a fixed set of values (an enum), each with the name it has on the command line and
 * in saved configs. {@link #parse} is the one place such names are read.
 */
public interface Choice {
    /** The enum constant's name (implemented by {@link Enum#name()}). */
    String name();

    /**
     * The name on the command line and in saved configs, e.g. {@code small-cnn}; by default the
     * constant's name in lower case.
     */
    default String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether {@link #parse} accepts this value; false for values that only the Java API sets (e.g.
     * a user-supplied backbone). Saved configs hold them all.
     */
    default boolean parsable() {
        return true;
    }

    /**
     * The {@link #parsable} constant of {@code type} whose {@link #cliName()} (or enum name) is
     * {@code text}, ignoring case and surrounding blanks.
     *
     * @throws SettingException naming {@code setting} and the accepted names otherwise
     */
    static <E extends Enum<E> & Choice> E parse(Class<E> type, String setting, String text) {
        String n = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(Choice::parsable)
                .filter(v -> v.cliName().equals(n) || v.name().toLowerCase(Locale.ROOT).equals(n))
                .findFirst()
                .orElseThrow(() -> new SettingException(setting, "{" + setting + "} '" + text + "': expected one of "
                        + String.join(", ", names(type))));
    }

    /** The names {@link #parse} accepts for {@code type}, in declaration order (error messages, help). */
    static <E extends Enum<E> & Choice> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).filter(Choice::parsable).map(Choice::cliName).toList();
    }
}
