package org.pcl4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a second JVM that runs a main class of this test classpath, for the tests that
 * need a real process (kill -9, SIGTERM, a lock held elsewhere, a heap or GC of their own). It runs on
 * the same JDK as the tests and with the options that every pcl4j launch carries ({@code bin/pcl4j},
 * the jar's manifest, surefire's argLine): offline DJL, and native access granted, so that JDK 22+
 * prints no warning when JNA and DJL load their libraries.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** {@code java [jvmOptions] <pcl4j options> -cp <test classpath> main}; append the program's arguments. */
    public static List<String> command(List<String> jvmOptions, Class<?> main) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        return cmd;
    }
}
