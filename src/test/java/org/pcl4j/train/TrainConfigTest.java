package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pcl4j.InputException;
import org.pcl4j.data.AugmentationPolicy;
import org.pcl4j.model.Head;

class TrainConfigTest {
    @Test
    void presetsFillWhatTheyOwnAndFlagsOverride() {
        TrainConfig v1 = TrainConfig.builder("x").preset(Preset.PCL_V1).build(60_000);
        assertThat(v1.head()).isEqualTo(Head.LINEAR);
        assertThat(v1.augmentation()).isEqualTo(AugmentationPolicy.MOCO_V1);
        assertThat(v1.temperature()).isEqualTo(0.1f);
        assertThat(v1.schedule()).isEqualTo(Schedule.STEP);
        assertThat(v1.lrSteps()).containsExactly(120, 160);

        TrainConfig moco = TrainConfig.builder("x").preset(Preset.MOCO_V2).temperature(0.5f).build(60_000);
        assertThat(moco.protoLoss()).isFalse();
        assertThat(moco.head()).isEqualTo(Head.MLP);
        assertThat(moco.temperature()).isEqualTo(0.5f);
    }

    @Test
    void autoValuesScaleWithDataAndBatch() {
        TrainConfig c = TrainConfig.builder("x").batchSize(512).epochs(50).build(60_000);
        assertThat(c.numClusters()).containsExactly(100, 250, 500); // ALGORITHM.md §2.2's example for 60k images
        assertThat(c.lr()).isEqualTo(0.06f); // 0.03 per 256, linear scaling
        assertThat(c.warmupEpochs()).isEqualTo(5); // 20 of 200
        assertThat(c.usesPrototypes(4)).isFalse();
        assertThat(c.usesPrototypes(5)).isTrue();
    }

    @Test
    void rejectsSettingsThatCannotWorkOnTheData() {
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(32).numClusters(new int[] {100}).build(100))
                .isInstanceOf(InputException.class).hasMessageContaining("numClusters").hasMessageContaining("100 images");
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(256).build(100))
                .isInstanceOf(InputException.class).hasMessageContaining("batchSize 256");
        assertThatThrownBy(() -> TrainConfig.builder("x").instanceLoss(false).build(10_000))
                .isInstanceOf(InputException.class).hasMessageContaining("warmupEpochs 0");
    }
}
