package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pcl4j.SettingException;
import org.pcl4j.train.MethodSettings;
import org.pcl4j.train.RunSettings;
import org.pcl4j.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The one table from settings to flags covers the run's settings, and names only flags that exist. */
class SettingFlagsTest {
    /** Settings of the Java API that no flag sets: a user-supplied DJL block (its arch, custom, has a flag). */
    private static final Set<String> JAVA_ONLY = Set.of("customBackbone");

    @Test
    void everyRunAndMethodSettingHasAFlagOfTrain() {
        CommandLine train = Pcl4j.commandLine().getSubcommands().get("train");
        List<RecordComponent> settings = new ArrayList<>(List.of(RunSettings.class.getRecordComponents()));
        settings.addAll(List.of(MethodSettings.class.getRecordComponents()));
        assertThat(settings).hasSize(34);
        for (RecordComponent c : settings) {
            if (JAVA_ONLY.contains(c.getName())) {
                assertThat(SettingFlags.flag(c.getName())).isEqualTo(c.getName());
                continue;
            }
            String flag = SettingFlags.flag(c.getName());
            assertThat(flag).as(c.getName()).startsWith("--");
            assertThat(train.getCommandSpec().findOption(flag)).as(flag).isNotNull();
            assertThat(SettingFlags.setting(flag)).isEqualTo(c.getName());
        }
    }

    @Test
    void theConfigIsItsRunAndMethodSettings() {
        assertThat(TrainConfig.class.getRecordComponents()).extracting(RecordComponent::getName).containsExactly("run", "method");
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
