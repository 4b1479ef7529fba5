package org.pcl4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a progress bar on stderr makes sense (a redirected stderr gets log lines only). */
final class Terminal {
    private Terminal() {}

    static boolean stderrIsTerminal() {
        try {
            // Linux: where file descriptor 2 points; a terminal is a /dev/pts/N or /dev/ttyN.
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null; // elsewhere: stdin and stdout are a terminal
        }
    }
}
