package org.pcl4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The option parsing of the bench/ scripts: {@code --help} printed "unknown option --help" (exit 2) although each
 * script's header documents its options, and a flag without its value ({@code bench/train-throughput --arch})
 * ended with bash's "$2: unbound variable" (exit 1). Only the parsing runs: {@code mvn} and {@code java} on the
 * PATH are stubs that fail loudly, so a script that got past its options would show here, not build or benchmark.
 */
class BenchScriptsTest {
    private static final Path BENCH = Path.of("bench").toAbsolutePath();
    private static final List<String> SCRIPTS = List.of("train-throughput", "epoch", "estep", "kmeans", "quality");
    /** The flags that take no value. */
    private static final Set<String> SWITCHES = Set.of("--resume", "--no-faiss");
    /** An arm of the option parser's case: one or more flags, e.g. {@code --limit|--k)}. */
    private static final Pattern ARM = Pattern.compile("^\\s+(--[a-z-]+(?:\\|--[a-z-]+)*)\\)", Pattern.MULTILINE);

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private Run run(String script, String... args) throws IOException, InterruptedException {
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        for (String tool : new String[] {"mvn", "java"}) {
            Path stub = stubs.resolve(tool);
            Files.writeString(stub, "#!/bin/sh\necho \"stub " + tool + " reached\" >&2\nexit 97\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> command = new java.util.ArrayList<>(List.of("bash", BENCH.resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()) // bench/quality makes its --out here
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("PATH", stubs + ":" + System.getenv("PATH"));
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bench/%s %s finished", script, String.join(" ", args)).isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    /** The flags that take a value, read from the script's option parser (the while/case before the first "done"). */
    private static Set<String> valueFlags(String script) throws IOException {
        String text = Files.readString(BENCH.resolve(script), StandardCharsets.UTF_8);
        int start = text.indexOf("while [ $# -gt 0 ]");
        String parser = text.substring(start, text.indexOf("\ndone", start));
        Set<String> flags = new TreeSet<>();
        Matcher m = ARM.matcher(parser);
        while (m.find()) {
            for (String flag : m.group(1).split("\\|")) {
                if (!SWITCHES.contains(flag)) {
                    flags.add(flag);
                }
            }
        }
        return flags;
    }

    @Test
    void helpPrintsTheHeaderUsageAndExitsZero() throws Exception {
        for (String script : SCRIPTS) {
            for (String help : new String[] {"--help", "-h"}) {
                Run r = run(script, help);
                assertThat(r.exit()).as("bench/%s %s: %s", script, help, r.err()).isZero();
                assertThat(r.err()).as("bench/%s %s", script, help).isEmpty();
                assertThat(r.out()).as("bench/%s %s", script, help).contains("Options").doesNotContain("#!/").doesNotStartWith("#");
                // the header only: the usage ends where the script's code begins
                assertThat(r.out()).as("bench/%s %s", script, help).doesNotContain("set -euo pipefail");
            }
        }
    }

    @Test
    void everyFlagWithoutItsValueIsOneLineAndExitTwo() throws Exception {
        assertThat(valueFlags("train-throughput")).contains("--arch", "--torch-threads", "--trace", "--workers");
        assertThat(valueFlags("kmeans")).containsExactlyInAnyOrder("--n", "--d", "--k", "--seed", "--features", "--threads");
        for (String script : SCRIPTS) {
            Set<String> flags = valueFlags(script);
            assertThat(flags).as(script).isNotEmpty();
            for (String flag : flags) {
                Run r = run(script, flag);
                assertThat(r.exit()).as("bench/%s %s: %s", script, flag, r.err()).isEqualTo(2);
                assertThat(r.err().strip()).as("bench/%s %s", script, flag).isEqualTo("bench/" + script + ": " + flag + " needs a value");
                // followed by another flag: that flag is not its value (--train-args alone takes flags, below)
                if (!flag.equals("--train-args")) {
                    r = run(script, flag, "--help");
                    assertThat(r.exit()).as("bench/%s %s --help: %s", script, flag, r.err()).isEqualTo(2);
                    assertThat(r.err().strip()).as("bench/%s %s --help", script, flag)
                            .isEqualTo("bench/" + script + ": " + flag + " needs a value, got the flag --help");
                }
            }
        }
        Run trainArgs = run("quality", "--train-args", "--lr 0.06 --temperature 0.1", "--help");
        assertThat(trainArgs.exit()).as(trainArgs.err()).isZero();
    }
}
