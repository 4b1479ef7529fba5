package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class HelpTest {
    /** An option whose description names its default while picocli also appends one ("Default: auto. Default: auto"). */
    private static final Pattern DEFAULT_TWICE = Pattern.compile("(?i)default: ([^\\s.)]+)[.)]?\\s+default: \\1");

    @Test
    void everyCommandsHelpRendersCleanly() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Deque<CommandLine> todo = new ArrayDeque<>(Pcl4j.commandLine().getSubcommands().values());
            while (!todo.isEmpty()) {
                CommandLine c = todo.pop();
                StringWriter out = new StringWriter();
                c.usage(new PrintWriter(out));
                assertThat(out.toString()).as(c.getCommandSpec().qualifiedName()).contains("Usage:")
                        .doesNotContainPattern(DEFAULT_TWICE);
                todo.addAll(c.getSubcommands().values());
            }
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("picocli warnings").doesNotContain("WARN");
    }

    /**
     * An option's help that refers to another flag ("With --checkpoint, …") refers to one its command has: shared
     * option text once told train and plot clusters about a --checkpoint they do not take.
     */
    @Test
    void helpTextNamesOnlyFlagsTheCommandHas() {
        Pattern flag = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
        Deque<CommandLine> todo = new ArrayDeque<>(Pcl4j.commandLine().getSubcommands().values());
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            for (OptionSpec o : c.getCommandSpec().options()) {
                var m = flag.matcher(String.join(" ", o.description()));
                while (m.find()) {
                    assertThat(c.getCommandSpec().findOption(m.group())).as(c.getCommandSpec().qualifiedName() + " " + o.longestName()
                            + " mentions " + m.group()).isNotNull();
                }
            }
            todo.addAll(c.getSubcommands().values());
        }
    }

    /** The issue asks that train --help lists every flag with its default. */
    @Test
    void everyTrainFlagStatesItsDefault() {
        CommandLine train = Pcl4j.commandLine().getSubcommands().get("train");
        for (OptionSpec o : train.getCommandSpec().options()) {
            boolean flag = o.typeInfo().isBoolean() || o.usageHelp() || o.versionHelp();
            boolean documented = o.defaultValue() != null || String.join(" ", o.description()).contains("default")
                    || o.longestName().equals("--data") || o.longestName().equals("--out") || o.longestName().equals("--resume");
            assertThat(flag || documented).as(o.longestName()).isTrue();
        }
    }

    /** Choice flags list exactly the names their parser accepts (no hand-kept list to drift). */
    @Test
    void choiceFlagsListTheNamesTheirParserAccepts() {
        CommandLine train = Pcl4j.commandLine().getSubcommands().get("train");
        StringWriter out = new StringWriter();
        train.usage(new PrintWriter(out));
        assertThat(out.toString()).contains("--arch=<arch>          small-cnn, deep-cnn, resnet18, resnet50")
                .contains("mocov1, aug+ (default: preset)").contains("pcl-v1, pcl-v2, moco-v2");
        OptionSpec arch = train.getCommandSpec().findOption("--arch");
        assertThat(arch.completionCandidates()).containsExactlyElementsOf(
                org.pcl4j.Choice.names(org.pcl4j.model.Arch.class));
        StringWriter embedHelp = new StringWriter();
        Pcl4j.commandLine().getSubcommands().get("embed").usage(new PrintWriter(embedHelp));
        assertThat(embedHelp.toString()).contains("train, test (default: train).");
    }

    /** Shared options are declared once (mixins, one inherited --verbose) and still reach every command. */
    @Test
    void sharedOptionsReachEveryCommandThatTakesThem() {
        CommandLine root = Pcl4j.commandLine();
        Deque<CommandLine> todo = new ArrayDeque<>(root.getSubcommands().values());
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            if (!c.getCommandName().equals("help")) {
                assertThat(c.getCommandSpec().findOption("--verbose")).as(c.getCommandSpec().qualifiedName()).isNotNull();
            }
            todo.addAll(c.getSubcommands().values());
        }
        for (String command : new String[] {"train", "embed"}) {
            assertThat(root.getSubcommands().get(command).getCommandSpec().findOption("--data")).as(command).isNotNull();
        }
        OptionSpec split = root.getSubcommands().get("embed").getCommandSpec().findOption("--split");
        assertThat(String.join(" ", split.description())).contains("(default: train)");
        StringWriter help = new StringWriter();
        root.getSubcommands().get("eval").getSubcommands().get("lowshot").usage(new PrintWriter(help));
        assertThat(help.toString()).contains("default [1, 2, 4, 8, 16]");
    }

    @Test
    void verboseAddsTheStackTraceOnAnyCommand(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String missing = dir.resolve("missing.npy").toString();
        for (boolean verbose : new boolean[] {false, true}) {
            CommandLine cli = Pcl4j.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            java.util.List<String> args = new java.util.ArrayList<>(
                    java.util.List.of("cluster", "--features", missing, "--k", "2", "--out", dir.toString()));
            if (verbose) {
                args.add("--verbose");
            }
            assertThat(cli.execute(args.toArray(String[]::new))).isEqualTo(Pcl4j.EXIT_USAGE);
            assertThat(err.toString()).startsWith("pcl4j: error: ");
            if (verbose) {
                assertThat(err.toString()).contains("\tat org.pcl4j.");
            } else {
                assertThat(err.toString()).doesNotContain("\tat ");
            }
        }
    }
}
