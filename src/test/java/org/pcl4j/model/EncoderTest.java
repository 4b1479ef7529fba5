package org.pcl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pcl4j.model.TestArrays.maxAbsDiff;
import static org.pcl4j.model.TestArrays.randomImages;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EncoderTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(7);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @ParameterizedTest
    @CsvSource({
        "small-cnn, linear, 1, 28, 3",
        "small-cnn, mlp, 3, 32, 3",
        "deep-cnn, mlp, 1, 28, 3",
        "resnet18, mlp, 3, 32, 2",
        "resnet50, linear, 3, 16, 2",   // CIFAR stem
        "resnet50, mlp, 3, 65, 2"})     // smallest size with the ImageNet stem
    void embeddingsAreUnitRowsAndFeaturesHaveTheBackboneWidth(String arch, String head, int c, int s, int b) {
        EncoderConfig cfg = new EncoderConfig(Arch.parse(arch), Head.parse(head), 16, c, s);
        try (Encoder encoder = Encoder.create(cfg, manager); NDManager inputs = manager.newSubManager()) {
            NDArray x = randomImages(inputs, b, c, s, 1);
            for (boolean training : new boolean[] {true, false}) {
                NDArray z = encoder.embed(x, training);
                assertThat(z.getShape()).isEqualTo(new Shape(b, 16));
                assertThat(z.getManager()).isSameAs(inputs);
                float[] norms = z.norm(new int[] {1}).toFloatArray();
                for (float n : norms) {
                    assertThat(n).isCloseTo(1f, within(1e-5f));
                }
                NDArray f = encoder.features(x, training);
                assertThat(f.getShape()).isEqualTo(new Shape(b, encoder.featureWidth()));
                assertThat(encoder.featureWidth()).isEqualTo(cfg.featureWidth());
            }
        }
    }

    /**
     * The backbones' trainable weights, counted by hand: conv 3×3 weights c_in·c_out·9 (no bias) and
     * BatchNorm γ, β per channel, on a 1-channel input; the linear head adds 256·16 + 16.
     */
    @ParameterizedTest
    @CsvSource({
        // conv 1·32·9 + 32·64·9 + 64·128·9 + 128·256·9 = 387,360; BN 2·(32+64+128+256) = 960; head 4,112
        "small-cnn, 392432",
        // conv + 64·64·9 + 128·128·9 + 256·256·9 = 1,161,504; BN 2·(32+64·2+128·2+256·2) = 1,856; head 4,112
        "deep-cnn, 1167472"})
    void smallCnnsHaveTheirHandCountedWeights(String arch, long expected) {
        try (Encoder encoder = Encoder.create(new EncoderConfig(Arch.parse(arch), Head.LINEAR, 16, 1, 28), manager)) {
            long count = encoder.trainableParameters().stream().mapToLong(p -> p.getArray().size()).sum();
            assertThat(count).isEqualTo(expected);
        }
    }

    @Test
    void forwardTemporariesAreClosedAndOutputJoinsTheCallerScope() {
        try (Encoder encoder = Encoder.create(EncoderConfig.of(Arch.SMALL_CNN, Head.MLP, 1, 28), manager)) {
            NDArray x = randomImages(manager, 2, 1, 28, 1);
            NDArray z;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                z = encoder.embed(x, false);
                assertThat(z.isReleased()).isFalse();
            }
            assertThat(z.isReleased()).isTrue();
            assertThat(x.isReleased()).isFalse();
        }
    }

    @Test
    void encoderCreatedInsideAScopeOutlivesIt() {
        Encoder encoder;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            encoder = Encoder.create(EncoderConfig.of(Arch.SMALL_CNN, Head.LINEAR, 1, 28), manager);
        }
        try (encoder) {
            assertThat(encoder.embed(randomImages(manager, 2, 1, 28, 1), false).getShape()).isEqualTo(new Shape(2, 128));
        }
    }

    @Test
    void trainingModeUsesBatchStatisticsAndUpdatesRunningStats() {
        try (Encoder encoder = Encoder.create(EncoderConfig.of(Arch.SMALL_CNN, Head.LINEAR, 1, 28), manager)) {
            NDArray x = randomImages(manager, 4, 1, 28, 3).mul(3).add(1);
            float[] before = runningStats(encoder);
            float[] eval = encoder.embed(x, false).toFloatArray();
            assertThat(runningStats(encoder)).isEqualTo(before);
            float[] train = encoder.embed(x, true).toFloatArray();
            assertThat(maxAbsDiff(train, eval)).isGreaterThan(1e-3);
            assertThat(maxAbsDiff(runningStats(encoder), before)).isGreaterThan(1e-3);
        }
    }

    @Test
    void copyFromCopiesEveryParameterIncludingRunningStats() {
        EncoderConfig cfg = EncoderConfig.of(Arch.SMALL_CNN, Head.MLP, 3, 16);
        try (Encoder a = Encoder.create(cfg, manager)) {
            a.embed(randomImages(manager, 4, 3, 16, 5), true); // moves a's running stats off 0/1
            Engine.getInstance().setRandomSeed(99);
            try (Encoder b = Encoder.create(cfg, manager)) {
                assertThat(maxAbsDiff(values(a.allParameters()), values(b.allParameters()))).isGreaterThan(1e-3);
                b.copyFrom(a);
                assertThat(values(b.allParameters())).isEqualTo(values(a.allParameters()));
                NDArray x = randomImages(manager, 2, 3, 16, 6);
                assertThat(b.embed(x, false).toFloatArray()).isEqualTo(a.embed(x, false).toFloatArray());
                // copied, not shared
                a.trainableParameters().get(0).getArray().addi(1f);
                assertThat(maxAbsDiff(values(a.allParameters()), values(b.allParameters()))).isGreaterThan(0.5);
            }
        }
    }

    @Test
    void momentumCopyStartsEqualAndIsFrozen() {
        try (Encoder q = Encoder.create(EncoderConfig.of(Arch.SMALL_CNN, Head.MLP, 1, 28), manager);
             Encoder k = Encoder.momentumCopyOf(q, manager)) {
            assertThat(values(k.allParameters())).isEqualTo(values(q.allParameters()));
            assertThat(k.requiresGradient()).isFalse();
            assertThat(k.trainableParameters()).allSatisfy(p -> assertThat(p.getArray().hasGradient()).isFalse());
            assertThat(q.trainableParameters()).allSatisfy(p -> assertThat(p.getArray().hasGradient()).isTrue());
        }
    }

    @Test
    void saveLoadRoundTrip() throws IOException {
        EncoderConfig cfg = EncoderConfig.of(Arch.SMALL_CNN, Head.MLP, 3, 32);
        byte[] bytes;
        float[] saved;
        NDArray x = randomImages(manager, 2, 3, 32, 8);
        float[] expected;
        try (Encoder a = Encoder.create(cfg, manager)) {
            a.embed(randomImages(manager, 4, 3, 32, 5), true);
            saved = values(a.allParameters());
            expected = a.embed(x, false).toFloatArray();
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bos)) {
                a.save(out);
            }
            bytes = bos.toByteArray();
        }
        Engine.getInstance().setRandomSeed(123);
        try (Encoder b = Encoder.create(cfg, manager)) {
            assertThat(maxAbsDiff(values(b.allParameters()), saved)).isGreaterThan(1e-3);
            b.load(new DataInputStream(new ByteArrayInputStream(bytes)));
            assertThat(values(b.allParameters())).isEqualTo(saved);
            assertThat(b.embed(x, false).toFloatArray()).isEqualTo(expected);
            assertThat(b.trainableParameters()).allSatisfy(p -> assertThat(p.getArray().hasGradient()).isTrue());
            assertThat(b.trainableParameters().get(0).getArray().getManager()).isSameAs(b.manager());
        }
        try (Encoder other = Encoder.create(EncoderConfig.of(Arch.SMALL_CNN, Head.LINEAR, 3, 32), manager)) {
            assertThatThrownBy(() -> other.load(new DataInputStream(new ByteArrayInputStream(bytes))))
                    .isInstanceOf(IOException.class).hasMessageContaining("expected");
        }
    }

    @ParameterizedTest
    @CsvSource({"small-cnn, mlp, 1, 28", "resnet18, linear, 3, 16"})
    void gradientReachesEveryTrainableParameter(String arch, String head, int c, int s) {
        try (Encoder encoder = Encoder.create(new EncoderConfig(Arch.parse(arch), Head.parse(head), 8, c, s), manager)) {
            NDArray x = randomImages(manager, 4, c, s, 11);
            NDArray weights = manager.arange(8f).reshape(1, 8); // loss = Σ_b Σ_d d·z_bd
            List<Parameter> trainable = encoder.trainableParameters();
            assertThat(trainable).isNotEmpty();
            // conv/linear weights, linear biases, BN gamma/beta — never the running stats
            assertThat(trainable).noneMatch(p -> p.getName().startsWith("running"));
            assertThat(encoder.allParameters().size()).isGreaterThan(trainable.size());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray z = encoder.embed(x, true);
                gc.backward(z.mul(weights).sum());
                for (Parameter p : trainable) {
                    NDArray g = p.getArray().getGradient();
                    assertThat(g.abs().sum().getFloat()).as(p.getName() + " " + p.getArray().getShape()).isGreaterThan(0f);
                }
            }
        }
    }

    static float[] runningStats(Encoder encoder) {
        return values(encoder.allParameters().stream().filter(p -> p.getName().startsWith("running")).toList());
    }

    static float[] values(List<Parameter> parameters) {
        int n = 0;
        for (Parameter p : parameters) {
            n += (int) p.getArray().size();
        }
        float[] all = new float[n];
        int at = 0;
        for (Parameter p : parameters) {
            float[] v = p.getArray().toFloatArray();
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        return all;
    }
}
