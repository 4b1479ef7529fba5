package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.pcl4j.TestImages;
import org.pcl4j.model.Arch;
import org.pcl4j.model.CustomBackbone;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.EncoderConfig;
import org.pcl4j.model.FeatureExtractor;
import org.pcl4j.model.Head;

/** A user-supplied DJL block as backbone: trained through Pcl.builder, reproducibly, and loaded back from Java only. */
class CustomBackboneTest {
    private static final int WIDTH = 16;

    @TempDir
    Path dir;

    /** conv3×3-BN-ReLU (stride 2) + global average pooling: images → 16 features, plain DJL blocks. */
    private static Block tinyNet() {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(WIDTH).setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2))
                        .optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock());
    }

    private static final CustomBackbone NET = new CustomBackbone("tiny-net", WIDTH, CustomBackboneTest::tinyNet);

    private static Pcl.Builder run(TestImages images) {
        return Pcl.builder(images).backbone(NET).epochs(1).seed(5).logEpochs(false)
                .configure(c -> c.batchSize(32).warmupEpochs(0).numClusters(new int[] {4}).workers(1));
    }

    @Test
    void trainsOneEpochReproduciblyAndLoadsBackFromJavaOnly() {
        TestImages images = TestImages.of(256, 16, 4, 1);
        float[] first;
        float[] again;
        try (Encoder encoder = run(images).outDir(dir).build().fit();
                NDManager manager = NDManager.newBaseManager()) {
            assertThat(encoder.config().backbone()).isEqualTo(Arch.CUSTOM);
            assertThat(encoder.config().custom()).isEqualTo(NET);
            assertThat(encoder.featureWidth()).isEqualTo(WIDTH);
            NDArray embeddings = FeatureExtractor.embed(encoder, images, manager);
            assertThat(embeddings.getShape()).isEqualTo(new Shape(256, EncoderConfig.DEFAULT_DIM));
            first = embeddings.toFloatArray();
            double norm = 0;
            for (int i = 0; i < EncoderConfig.DEFAULT_DIM; i++) {
                norm += first[i] * first[i];
            }
            assertThat(norm).as("L2-normalised").isCloseTo(1.0, within(1e-4));

            Checkpoint checkpoint = Checkpoint.loadLatest(dir);
            assertThat(checkpoint.config().arch()).isEqualTo(Arch.CUSTOM);
            assertThat(checkpoint.config().customBackbone()).isEqualTo(NET);
            assertThat(checkpoint.config().customBackbone().hasFactory()).isFalse();
            // What the CLI does: it has no factory, so it fails with one line naming the backbone.
            assertThatThrownBy(() -> checkpoint.loadEncoder(manager, false))
                    .isInstanceOf(InputException.class).hasMessageContaining("'tiny-net'").hasMessageNotContaining("\n");
            // From Java, the same backbone rebuilds it: the weights are those of the trained encoder.
            try (Encoder loaded = checkpoint.loadEncoder(manager, false, NET)) {
                assertThat(FeatureExtractor.embed(loaded, images, manager).toFloatArray()).containsExactly(first);
            }
            assertThat(checkpoint.config(NET).customBackbone().hasFactory()).isTrue();
            CustomBackbone other = new CustomBackbone("other-net", WIDTH, CustomBackboneTest::tinyNet);
            assertThatThrownBy(() -> checkpoint.loadEncoder(manager, false, other))
                    .isInstanceOf(InputException.class).hasMessageContaining("tiny-net").hasMessageContaining("other-net");
        }
        try (Encoder encoder = run(images).build().fit();
                NDManager manager = NDManager.newBaseManager()) {
            again = FeatureExtractor.embed(encoder, images, manager).toFloatArray();
        }
        assertThat(again).as("same seed, same model, bit for bit").containsExactly(first);
    }

    @Test
    void aRunWithACustomBackboneResumesFromJavaBitForBit() {
        TestImages images = TestImages.of(256, 16, 4, 2);
        TrainConfig config = TrainConfig.builder(images.description()).customBackbone(NET).epochs(2).warmupEpochs(1)
                .batchSize(32).numClusters(new int[] {4}).workers(1).seed(9).build(images.size());
        float[] straight;
        try (PclTrainer trainer = new PclTrainer(config, images, dir.resolve("straight"), null, null, false)) {
            trainer.fit();
            straight = trainer.model().queryEncoder().trainableParameters().get(0).getArray().toFloatArray();
        }
        try (PclTrainer first = new PclTrainer(config, images, dir.resolve("resumed"), null, null, false)) {
            first.fit(1);
        }
        Checkpoint checkpoint = Checkpoint.loadLatest(dir.resolve("resumed"));
        try (PclTrainer second = new PclTrainer(checkpoint.config(NET), images, dir.resolve("resumed"), checkpoint, null, false)) {
            second.fit();
            assertThat(second.model().queryEncoder().trainableParameters().get(0).getArray().toFloatArray()).containsExactly(straight);
        }
    }

    @Test
    void aBackboneOfAnotherWidthOrANamedArchIsRefused() {
        CustomBackbone wrong = new CustomBackbone("tiny-net", WIDTH + 1, CustomBackboneTest::tinyNet);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Encoder.create(EncoderConfig.of(wrong, Head.MLP, 8, 1, 16), manager))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tiny-net").hasMessageContaining("17");
        }
        assertThatThrownBy(() -> TrainConfig.builder("x").customBackbone(NET).arch(Arch.RESNET18).batchSize(32).build(1000))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("arch"));
        assertThatThrownBy(() -> TrainConfig.builder("x").arch(Arch.CUSTOM).batchSize(32).build(1000))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("arch"));
        // not a command-line choice: the CLI has no way to give the block
        assertThatThrownBy(() -> Arch.parse("custom")).isInstanceOf(SettingException.class)
                .hasMessage("arch 'custom': expected one of small-cnn, deep-cnn, resnet18, resnet50");
    }
}
