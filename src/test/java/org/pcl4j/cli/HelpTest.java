package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class HelpTest {
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
                assertThat(out.toString()).as(c.getCommandSpec().qualifiedName()).contains("Usage:");
                todo.addAll(c.getSubcommands().values());
            }
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("picocli warnings").doesNotContain("WARN");
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
}
