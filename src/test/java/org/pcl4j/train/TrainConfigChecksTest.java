package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.pcl4j.InputException;

/** Settings checked before any data is loaded, and the copy that extends a run. */
class TrainConfigChecksTest {
    @Test
    void checkSettingsRejectsEachBadFlagByName() {
        assertThatThrownBy(() -> TrainConfig.builder("x").limit(-5).checkSettings()).isInstanceOf(InputException.class)
                .hasMessageStartingWith("--limit");
        assertThatThrownBy(() -> TrainConfig.builder("x").lr(Float.POSITIVE_INFINITY).checkSettings()).isInstanceOf(InputException.class)
                .hasMessageStartingWith("--lr");
        assertThatThrownBy(() -> TrainConfig.builder("x").schedule("cosin").checkSettings()).isInstanceOf(InputException.class)
                .hasMessageStartingWith("--schedule");
        assertThatThrownBy(() -> TrainConfig.builder("x").augmentation("aug").checkSettings()).isInstanceOf(InputException.class)
                .hasMessageStartingWith("--aug");
        assertThatThrownBy(() -> TrainConfig.builder("x").epochs(10).warmupEpochs(10).checkSettings()).isInstanceOf(InputException.class)
                .hasMessageStartingWith("--warmup-epochs 10 must be smaller than --epochs 10");
        // The same checks hold when the config is built (library users skip checkSettings).
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(32).epochs(3).warmupEpochs(3).build(1000))
                .isInstanceOf(InputException.class).hasMessageStartingWith("--warmup-epochs");
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(32).lr(Float.NaN).build(1000))
                .isInstanceOf(InputException.class).hasMessageStartingWith("--lr");
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
