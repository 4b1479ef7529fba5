package org.pcl4j.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pcl4j.InputException;

/**
 * The {@code --name value} flags of a benchmark main. Only the names a main declares are accepted,
 * so a typo fails with one line instead of silently measuring the default.
 */
final class BenchArgs {
    private final Map<String, String> values = new HashMap<>();

    BenchArgs(String[] args, String... known) {
        List<String> names = List.of(known);
        for (int i = 0; i < args.length; i++) {
            if (!names.contains(args[i])) {
                throw new InputException(args[i] + ": unknown option; expected one of " + String.join(", ", names));
            }
            if (i + 1 == args.length) {
                throw new InputException(args[i] + ": missing value");
            }
            values.put(args[i], args[++i]);
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new InputException(name + ": expected an integer, got '" + v + "'");
        }
    }

    boolean bool(String name, boolean fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new InputException(name + ": expected true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** A comma-separated list of integers, or null when the flag is absent. */
    int[] ints(String name) {
        String v = values.get(name);
        try {
            return v == null ? null : Arrays.stream(v.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new InputException(name + ": expected comma-separated integers, got '" + v + "'");
        }
    }
}
