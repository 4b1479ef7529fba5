package org.pcl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pcl4j.model.TestArrays.maxAbsDiff;
import static org.pcl4j.model.TestArrays.randomImages;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pcl4j.tensor.Tensors;

/** SplitBatchNorm (ALGORITHM.md §3.6): plain BatchNorm with one split, statistics per sub-batch otherwise. */
class SplitBatchNormTest {
    private static final Shape INPUT = new Shape(8, 3, 4, 4);
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(3);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private Block init(Block b, Shape shape) {
        b.initialize(manager, DataType.FLOAT32, shape);
        // non-trivial affine parameters and running stats, the same for every block compared
        float[][] values = {{0.5f, 2f, -1f}, {0.1f, -0.3f, 0.7f}, {0.2f, 0f, -0.2f}, {1.5f, 0.5f, 1f}};
        int i = 0;
        for (var p : b.getParameters().values()) {
            Tensors.assign(p.getArray(), values[i++]);
        }
        return b;
    }

    private static NDArray forward(Block b, NDArray x, boolean training) {
        return b.forward(new ParameterStore(x.getManager(), false), new NDList(x), training).singletonOrThrow();
    }

    private static float[] param(Block b, String name) {
        return b.getParameters().get(name).getArray().toFloatArray();
    }

    @Test
    void oneSplitIsPlainBatchNormInTrainingAndEvaluation() {
        NDArray x = randomImages(manager, 8, 3, 4, 1);
        Block plain = init(BatchNorm.builder().build(), INPUT);
        SplitBatchNorm split = (SplitBatchNorm) init(new SplitBatchNorm(), INPUT);
        assertThat(split.getParameters().keys()).isEqualTo(plain.getParameters().keys());
        for (boolean training : new boolean[] {true, false}) {
            assertThat(maxAbsDiff(forward(split, x, training).toFloatArray(), forward(plain, x, training).toFloatArray())).isZero();
            for (String p : new String[] {"runningMean", "runningVar"}) {
                assertThat(param(split, p)).containsExactly(param(plain, p));
            }
        }
    }

    @Test
    void splitsNormaliseEachSubBatchWithItsOwnStatisticsAndAverageTheRunningStats() {
        NDArray x = randomImages(manager, 8, 3, 4, 2);
        SplitBatchNorm split = (SplitBatchNorm) init(new SplitBatchNorm(), INPUT);
        split.setSplits(2);
        NDArray out = forward(split, x, true);
        assertThat(out.getShape()).isEqualTo(INPUT);
        float[] y = out.toFloatArray();
        // sub-batch s holds the samples s, s+2, s+4, s+6: each through its own plain BatchNorm
        Shape half = new Shape(4, 3, 4, 4);
        float[] expectedMean = new float[3];
        float[] expectedVar = new float[3];
        for (int s = 0; s < 2; s++) {
            NDArray sub = x.get(new NDIndex("{}::2", s));
            Block plain = init(BatchNorm.builder().build(), half);
            float[] ys = forward(plain, sub, true).toFloatArray();
            int per = 3 * 16;
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < per; j++) {
                    assertThat(y[(2 * i + s) * per + j]).isCloseTo(ys[i * per + j], org.assertj.core.api.Assertions.within(1e-5f));
                }
            }
            for (int c = 0; c < 3; c++) {
                expectedMean[c] += param(plain, "runningMean")[c] / 2;
                expectedVar[c] += param(plain, "runningVar")[c] / 2;
            }
        }
        // The splits keep their own running statistics until settled; then the block's are their mean.
        assertThat(param(split, "runningMean")).containsExactly(0.2f, 0f, -0.2f);
        split.settle();
        assertThat(maxAbsDiff(param(split, "runningMean"), expectedMean)).isLessThan(1e-6);
        assertThat(maxAbsDiff(param(split, "runningVar"), expectedVar)).isLessThan(1e-6);
        // ...which differs from normalising the whole batch at once
        Block whole = init(BatchNorm.builder().build(), INPUT);
        assertThat(maxAbsDiff(y, forward(whole, x, true).toFloatArray())).isGreaterThan(1e-3);
        // evaluation mode ignores the splits: running statistics only
        Block plainEval = init(BatchNorm.builder().build(), INPUT);
        SplitBatchNorm splitEval = (SplitBatchNorm) init(new SplitBatchNorm(), INPUT);
        splitEval.setSplits(4);
        assertThat(maxAbsDiff(forward(splitEval, x, false).toFloatArray(), forward(plainEval, x, false).toFloatArray())).isZero();
    }

    /**
     * Over several training calls, the settled statistics equal MoCo's (tile before every call, average
     * after it) up to float rounding: the running update is linear. Evaluation-mode calls and saving settle
     * by themselves.
     */
    @Test
    void statisticsKeptPerSplitOverSeveralCallsAverageToMoCosRunningStatistics() throws Exception {
        SplitBatchNorm split = (SplitBatchNorm) init(new SplitBatchNorm(), INPUT);
        split.setSplits(4);
        // MoCo's way by hand: each call, every split's plain BatchNorm starts from the current running stats.
        float[] mean = {0.2f, 0f, -0.2f};
        float[] var = {1.5f, 0.5f, 1f};
        Shape quarter = new Shape(2, 3, 4, 4);
        for (int call = 0; call < 3; call++) {
            NDArray x = randomImages(manager, 8, 3, 4, 10 + call);
            forward(split, x, true);
            float[] nextMean = new float[3];
            float[] nextVar = new float[3];
            for (int s = 0; s < 4; s++) {
                Block plain = init(BatchNorm.builder().build(), quarter);
                Tensors.assign(plain.getParameters().get("runningMean").getArray(), mean);
                Tensors.assign(plain.getParameters().get("runningVar").getArray(), var);
                forward(plain, x.get(new NDIndex("{}::4", s)), true);
                for (int c = 0; c < 3; c++) {
                    nextMean[c] += param(plain, "runningMean")[c] / 4;
                    nextVar[c] += param(plain, "runningVar")[c] / 4;
                }
            }
            mean = nextMean;
            var = nextVar;
        }
        // An evaluation-mode call settles first, and then normalises with the settled statistics.
        NDArray probe = randomImages(manager, 8, 3, 4, 20);
        float[] evaluated = forward(split, probe, false).toFloatArray();
        assertThat(maxAbsDiff(param(split, "runningMean"), mean)).isLessThan(1e-6);
        assertThat(maxAbsDiff(param(split, "runningVar"), var)).isLessThan(1e-6);
        Block reference = init(BatchNorm.builder().build(), INPUT);
        Tensors.assign(reference.getParameters().get("runningMean").getArray(), param(split, "runningMean"));
        Tensors.assign(reference.getParameters().get("runningVar").getArray(), param(split, "runningVar"));
        assertThat(maxAbsDiff(evaluated, forward(reference, probe, false).toFloatArray())).isZero();

        // Saving settles: the bytes hold the statistics of the calls since.
        forward(split, randomImages(manager, 8, 3, 4, 30), true);
        float[] before = param(split, "runningMean");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        split.saveParameters(new java.io.DataOutputStream(bytes));
        assertThat(maxAbsDiff(param(split, "runningMean"), before)).isGreaterThan(1e-4);
        SplitBatchNorm loaded = (SplitBatchNorm) init(new SplitBatchNorm(), INPUT);
        loaded.loadParameters(manager, new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertThat(param(loaded, "runningMean")).containsExactly(param(split, "runningMean"));
        assertThat(param(loaded, "runningVar")).containsExactly(param(split, "runningVar"));
    }

    @Test
    void gradientsReachGammaAndBetaThroughTheSplits() {
        NDArray x = randomImages(manager, 8, 3, 4, 3);
        SplitBatchNorm split = (SplitBatchNorm) init(new SplitBatchNorm(), INPUT);
        split.setSplits(4);
        var gamma = split.getParameters().get("gamma").getArray();
        var beta = split.getParameters().get("beta").getArray();
        gamma.setRequiresGradient(true);
        beta.setRequiresGradient(true);
        try (var collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = forward(split, x, true);
            collector.backward(y.mul(x).sum());
        }
        assertThat(gamma.getGradient().abs().sum().getFloat()).isPositive();
        assertThat(beta.getGradient().abs().sum().getFloat()).isPositive();
    }

    @Test
    void batchMustBeAMultipleOfTheSplits() {
        SplitBatchNorm split = (SplitBatchNorm) init(new SplitBatchNorm(), INPUT);
        split.setSplits(3);
        assertThatThrownBy(() -> forward(split, randomImages(manager, 8, 3, 4, 4), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8").hasMessageContaining("3");
        assertThatThrownBy(() -> split.setSplits(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void savesTheSameBytesAsBatchNorm() throws IOException {
        Block plain = init(BatchNorm.builder().build(), INPUT);
        Block split = init(new SplitBatchNorm(), INPUT);
        assertThat(bytes(split)).isEqualTo(bytes(plain));
    }

    private static byte[] bytes(Block b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.saveParameters(new DataOutputStream(out));
        return out.toByteArray();
    }
}
