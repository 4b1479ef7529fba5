package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The option parsers of {@code gpu/prepare} and {@code gpu/run} (README, "Running on a GPU"): on a GPU host a
 * mistyped call costs device time, so a flag without its value, or followed by another flag, is one line and exit 2
 * before anything runs (it was bash's "$2: unbound variable", or the next flag taken as the value), and
 * {@code --help} prints the script's header.
 */
class GpuScriptOptionsTest {
    record Run(int exit, String out, String err) {}

    private static Run run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("gpu", script).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @Test
    void aFlagWithoutItsValueIsOneLineAndExitTwo() throws Exception {
        for (String[] c : new String[][] {{"run", "--budget"}, {"run", "--only", "--budget", "60"}, {"prepare", "--djl-src"},
                {"prepare", "--cifar", "--djl-src", "/tmp/djl"}, {"prepare", "--before-jar"}}) {
            Run r = run(c[0], java.util.Arrays.copyOfRange(c, 1, c.length));
            assertThat(r.exit()).as(String.join(" ", c) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("gpu/" + c[0] + ": " + c[1] + " needs a value");
            assertThat(r.out()).isEmpty();
        }
        Run unknown = run("run", "--bogus");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("gpu/run: unknown option --bogus");
    }

    @Test
    void helpPrintsTheHeader() throws Exception {
        for (String script : List.of("run", "prepare")) {
            Run r = run(script, "--help");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).startsWith(script.equals("run") ? "Runs on the GPU host" : "Makes everything a GPU host needs")
                    .contains("Usage:").doesNotContain("#!/").doesNotContain("set -");
        }
    }
}
