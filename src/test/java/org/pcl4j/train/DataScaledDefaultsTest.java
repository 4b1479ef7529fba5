package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pcl4j.InputException;

/** The defaults that scale with the data (ALGORITHM.md §5.2), for a few N. */
class DataScaledDefaultsTest {

    @Test
    void queueIsAboutEightPercentOfTheDataInWholeBatches() {
        assertThat(DataScaledDefaults.queueSize(50_000, 512)).isEqualTo(4096); // MoCo's CIFAR-10 demo
        assertThat(DataScaledDefaults.queueSize(60_000, 256)).isEqualTo(4864); // 19 batches ≈ 4800
        assertThat(DataScaledDefaults.queueSize(1_281_167, 256)).isEqualTo(16384); // ImageNet: the reference's queue
        assertThat(DataScaledDefaults.queueSize(2_000, 128)).isEqualTo(128); // at least one batch
        assertThat(DataScaledDefaults.queueSize(500, 128)).isEqualTo(128);
        assertThat(DataScaledDefaults.queueSize(10_000_000, 300)).isEqualTo(16200); // at most 16384, whole batches
        for (int n : new int[] {2_000, 20_000, 60_000, 200_000}) {
            int r = DataScaledDefaults.queueSize(n, 256);
            assertThat(r % 256).isZero();
            assertThat(DataScaledDefaults.queueTooLarge(r, n)).isFalse();
        }
        assertThat(DataScaledDefaults.queueTooLarge(16384, 500)).isTrue();
        assertThat(DataScaledDefaults.queueTooLarge(16384, 60_000)).isTrue(); // 27%
        assertThat(DataScaledDefaults.queueTooLarge(16384, 100_000)).isFalse();
    }

    @Test
    void aSymmetricRunsQueueHoldsBothViewsKeysOfAStep() {
        // 8% of N in whole batches as before, but never fewer than the 2 batches of keys one step enqueues
        assertThat(DataScaledDefaults.queueSize(60_000, 256, 2)).isEqualTo(4864);
        assertThat(DataScaledDefaults.queueSize(8_000, 256, 2)).isEqualTo(768); // 8% = 640 → 3 batches
        assertThat(DataScaledDefaults.queueSize(4_000, 256, 2)).isEqualTo(512); // 8% = 320 → 1 batch, raised to 2
        assertThat(DataScaledDefaults.queueSize(4_000, 256, 1)).isEqualTo(256);
        assertThatThrownBy(() -> DataScaledDefaults.queueSize(4_000, 256, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyBatches");
        TrainConfig derived = TrainConfig.builder("x").batchSize(256).symmetric(true).build(4_000);
        assertThat(derived.queueSize()).isEqualTo(512);
        assertThat(derived.keysPerStep()).isEqualTo(512);
        assertThat(TrainConfig.builder("x").batchSize(256).build(4_000).queueSize()).isEqualTo(256);
    }

    @Test
    void clustersWarmupMomentumAndSplits() {
        assertThat(DataScaledDefaults.clusters(60_000)).containsExactly(100, 250, 500);
        assertThat(DataScaledDefaults.clusters(2_000)).containsExactly(3, 8, 16);
        assertThat(DataScaledDefaults.clusters(500)).containsExactly(2, 4); // at least 2, duplicates dropped
        assertThat(DataScaledDefaults.warmupEpochs(200)).isEqualTo(20);
        assertThat(DataScaledDefaults.warmupEpochs(10)).isEqualTo(1);
        assertThat(DataScaledDefaults.warmupEpochs(2)).isZero();
        assertThat(DataScaledDefaults.emaMomentum(1_281_167, 256, 200)).isEqualTo(0.999f); // ImageNet
        assertThat(DataScaledDefaults.emaMomentum(50_000, 512, 200)).isCloseTo(0.9928f, within(1e-4f)); // CIFAR demo: 0.99
        assertThat(DataScaledDefaults.emaMomentum(2_000, 128, 2)).isEqualTo(0.99f); // a short run
        assertThat(DataScaledDefaults.bnSplits(256)).isEqualTo(8);
        assertThat(DataScaledDefaults.bnSplits(128)).isEqualTo(8);
        assertThat(DataScaledDefaults.bnSplits(64)).isEqualTo(4);
        assertThat(DataScaledDefaults.bnSplits(32)).isEqualTo(2);
        assertThat(DataScaledDefaults.bnSplits(100)).isEqualTo(5);
        assertThat(DataScaledDefaults.bnSplits(24)).isEqualTo(1);
    }

    @Test
    void builderDerivesUnsetValuesFromTheDataAndNamesThem() {
        TrainConfig.Builder smallBuilder = TrainConfig.builder("x").batchSize(128).epochs(2);
        TrainConfig small = smallBuilder.build(2_000);
        assertThat(small.queueSize()).isEqualTo(128);
        assertThat(small.numClusters()).containsExactly(3, 8, 16);
        assertThat(small.emaMomentum()).isEqualTo(0.99f);
        assertThat(small.shuffleBn()).isTrue();
        assertThat(small.bnSplits()).isEqualTo(8);
        assertThat(small.batchNormSplits()).isEqualTo(8);
        assertThat(smallBuilder.derived()).hasSize(5).startsWith("warmup=epochs/10", "queue=8%·N");
        assertThat(small.toString()).contains("queue=128").contains("moco-m=0.99").contains("shuffle-bn=8 splits");

        TrainConfig.Builder setBuilder = TrainConfig.builder("x").batchSize(128).epochs(2).warmupEpochs(1).queueSize(1024)
                .emaMomentum(0.999f).numClusters(new int[] {10}).bnSplits(4);
        TrainConfig set = setBuilder.build(60_000);
        assertThat(set.queueSize()).isEqualTo(1024);
        assertThat(set.emaMomentum()).isEqualTo(0.999f);
        assertThat(set.bnSplits()).isEqualTo(4);
        assertThat(setBuilder.derived()).isEmpty();

        TrainConfig.Builder moco = TrainConfig.builder("x").preset(Preset.MOCO_V2).batchSize(128).epochs(2);
        moco.build(2_000);
        assertThat(moco.derived()).as("no prototype term: K and warm-up are not used").hasSize(3).doesNotContain("K=N/600,N/240,N/120");

        TrainConfig off = TrainConfig.builder("x").batchSize(128).shuffleBn(false).build(60_000);
        assertThat(off.batchNormSplits()).isEqualTo(1);
        assertThat(off.toString()).contains("shuffle-bn=off");
    }

    @Test
    void splitsMustDivideTheBatchAndNeedTheShuffle() {
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(128).bnSplits(3).build(60_000))
                .isInstanceOf(InputException.class).hasMessageContaining("bnSplits 3 must divide batchSize 128");
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(128).shuffleBn(false).bnSplits(4).build(60_000))
                .isInstanceOf(InputException.class).hasMessageContaining("shuffleBn true");
        assertThatThrownBy(() -> TrainConfig.builder("x").batchSize(128).bnSplits(0).build(60_000))
                .isInstanceOf(InputException.class).hasMessageContaining("bnSplits must be at least 1");
    }

    @Test
    void configsSavedBeforeShuffleBnLoadWithItOff() {
        // A checkpoint's config is JSON (Checkpoint's Gson); one written before Shuffle-BN lacks its fields.
        com.google.gson.Gson gson = new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().create();
        com.google.gson.JsonObject json = gson.toJsonTree(TrainConfig.builder("x").batchSize(128).build(60_000)).getAsJsonObject();
        json.remove("shuffleBn");
        json.remove("bnSplits");
        TrainConfig old = gson.fromJson(json, TrainConfig.class);
        assertThat(old.shuffleBn()).isFalse();
        assertThat(old.batchNormSplits()).isEqualTo(1);
    }
}
