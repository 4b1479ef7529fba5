package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pcl4j.SettingException;
import org.pcl4j.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The one table from settings to flags covers the run's settings, and names only flags that exist. */
class SettingFlagsTest {
    @Test
    void everyTrainConfigSettingHasAFlagOfTrain() {
        CommandLine train = Pcl4j.commandLine().getSubcommands().get("train");
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            String flag = SettingFlags.flag(c.getName());
            assertThat(flag).as(c.getName()).startsWith("--");
            assertThat(train.getCommandSpec().findOption(flag)).as(flag).isNotNull();
            assertThat(SettingFlags.setting(flag)).isEqualTo(c.getName());
        }
    }

    @Test
    void everyFlagInTheTableExistsOnSomeCommand() {
        Set<String> flags = new HashSet<>();
        Deque<CommandLine> todo = new ArrayDeque<>(Pcl4j.commandLine().getSubcommands().values());
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            for (OptionSpec o : c.getCommandSpec().options()) {
                flags.add(o.longestName());
            }
            todo.addAll(c.getSubcommands().values());
        }
        for (String setting : new String[] {"out", "resume", "fractions", "features", "labels", "testFeatures", "testLabels", "device", "split"}) {
            assertThat(flags).as(setting).contains(SettingFlags.flag(setting));
        }
    }

    @Test
    void messagesRenderWithFlags() {
        SettingException e = new SettingException("warmupEpochs", "{warmupEpochs} 3 must be smaller than {epochs} 3 (see {unknown})");
        assertThat(e.getMessage()).isEqualTo("warmupEpochs 3 must be smaller than epochs 3 (see unknown)");
        assertThat(SettingFlags.message(e)).isEqualTo("--warmup-epochs 3 must be smaller than --epochs 3 (see unknown)");
    }
}
