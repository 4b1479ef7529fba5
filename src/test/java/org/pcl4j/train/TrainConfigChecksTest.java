package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.pcl4j.SettingException;
import org.pcl4j.data.AugmentationPolicy;
import org.pcl4j.model.Arch;

/** Settings checked before any data is loaded, and the copy that extends a run. */
class TrainConfigChecksTest {
    @Test
    void checkSettingsRejectsEachBadSettingByName() {
        assertThatThrownBy(() -> TrainConfig.builder("x").limit(-5).checkSettings()).isInstanceOf(SettingException.class)
                .hasMessageStartingWith("limit");
        assertThatThrownBy(() -> TrainConfig.builder("x").lr(Float.POSITIVE_INFINITY).checkSettings()).isInstanceOf(SettingException.class)
                .hasMessageStartingWith("lr");
        assertThatThrownBy(() -> Schedule.parse("cosin")).isInstanceOf(SettingException.class)
                .hasMessage("schedule 'cosin': expected one of step, cosine");
        assertThatThrownBy(() -> AugmentationPolicy.parse("aug")).isInstanceOf(SettingException.class)
                .hasMessage("augmentation 'aug': expected one of mocov1, aug+");
        assertThatThrownBy(() -> Preset.parse("pcl-v3")).isInstanceOf(SettingException.class)
                .hasMessage("preset 'pcl-v3': expected one of pcl-v1, pcl-v2, moco-v2");
        assertThatThrownBy(() -> TrainConfig.builder("x").epochs(10).warmupEpochs(10).checkSettings())
                .isInstanceOfSatisfying(SettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo("warmupEpochs");
                    assertThat(e.message(name -> "<" + name + ">")).startsWith("<warmupEpochs> 10 must be smaller than <epochs> 10");
                })
                .hasMessageStartingWith("warmupEpochs 10 must be smaller than epochs 10");
        // The same checks hold when the config is built (library users skip checkSettings).
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(32).epochs(3).warmupEpochs(3).build(1000))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("warmupEpochs");
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(32).lr(Float.NaN).build(1000))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("lr");
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(32).schedule(null).arch(null).build(1000))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("arch"));
        // A batch size of 0 is named before the defaults derived from it divide by it (it was an ArithmeticException).
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(0).build(1000))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("batchSize"));
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(32).kmeansIterations(0).build(1000))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("kmeansIterations"));
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(32).weightDecay(Float.NaN).build(1000))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("weightDecay"));
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(2).build(2)).isInstanceOf(SettingException.class)
                .hasMessage("data: 2 training images are too few for the prototype term: its k-means needs at least 2 clusters of "
                        + "fewer than N images, so N >= 3 (preset moco-v2 trains without it)");
        // given but not used: not an error (a shared base builder), but named for a warning
        TrainConfig.Builder moco = TrainConfig.builder("x").batchSize(32).preset(Preset.MOCO_V2).numClusters(new int[] {5});
        moco.build(1000);
        assertThat(moco.unused()).extracting(SettingException::setting).containsExactly("numClusters");
        TrainConfig.Builder pcl = TrainConfig.builder("x").batchSize(32).numClusters(new int[] {5});
        pcl.build(1000);
        assertThat(pcl.unused()).isEmpty();
        assertThat(TrainConfig.builder("x").batchSize(32).schedule(Schedule.STEP).lrSteps(new int[] {2, 5}).build(1000).lrSteps())
                .containsExactly(2, 5);
    }

    @Test
    void choicesAreSavedUnderTheirCommandLineNamesAndOldCheckpointHeadersLoad() {
        TrainConfig c = TrainConfig.builder("fashion-mnist").preset(Preset.PCL_V1).arch(Arch.RESNET18).batchSize(32).build(1000);
        JsonObject json = new Gson().toJsonTree(c).getAsJsonObject();
        assertThat(json.get("arch").getAsString()).isEqualTo("resnet18");
        assertThat(json.get("head").getAsString()).isEqualTo("linear");
        assertThat(json.get("augmentation").getAsString()).isEqualTo("mocov1");
        assertThat(json.get("schedule").getAsString()).isEqualTo("step");
        assertThat(new Gson().fromJson(json, TrainConfig.class)).usingRecursiveComparison().isEqualTo(c);
    }

    @Test
    void aSymmetricRunRefusesAQueueSmallerThanOneStepsKeys() {
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(64).queueSize(100).symmetric(true).build(1000))
                .isInstanceOf(SettingException.class)
                .hasMessage("queueSize 100 must hold the 128 keys of one step (symmetric: both views' keys of a batch of 64)");
        assertThat(TrainConfig.builder("x").batchSize(64).queueSize(100).build(1000).queueSize()).isEqualTo(100);
        assertThat(TrainConfig.builder("x").batchSize(64).queueSize(128).symmetric(true).build(1000).toString()).contains(", symmetric,");
    }

    @Test
    void warmUpMayCoverEveryEpochWithoutThePrototypeTerm() {
        TrainConfig moco = TrainConfig.builder("x").preset(Preset.MOCO_V2).batchSize(32).epochs(2).warmupEpochs(5).checkSettings().build(1000);
        assertThat(moco.protoLoss()).isFalse();
        assertThat(TrainConfig.builder("x").epochs(1).checkSettings()).as("default warm-up (epochs/10) leaves PCL epochs").isNotNull();
    }

    @Test
    void withEpochsChangesOnlyTheEpochs() {
        TrainConfig c = TrainConfig.builder("fashion-mnist").batchSize(64).epochs(10).warmupEpochs(2).lr(0.06f)
                .numClusters(new int[] {5, 9}).seed(3).build(1000);
        TrainConfig longer = c.withEpochs(20);
        assertThat(longer.epochs()).isEqualTo(20);
        Gson gson = new Gson();
        JsonObject a = gson.toJsonTree(c).getAsJsonObject();
        JsonObject b = gson.toJsonTree(longer).getAsJsonObject();
        a.remove("epochs");
        b.remove("epochs");
        assertThat(b).isEqualTo(a);
        assertThat(longer.lrSchedule().lr(10)).as("the cosine follows the new length").isGreaterThan(c.lrSchedule().lr(9));
    }
}
