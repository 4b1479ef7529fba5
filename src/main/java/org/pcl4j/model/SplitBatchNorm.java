package org.pcl4j.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.pcl4j.tensor.Tensors;

/**
 * Batch normalisation over the channel axis (axis 1) that, in training mode, can normalise
 * {@link #splits()} sub-batches each with its own batch statistics: the single-device emulation of
 * per-GPU BatchNorm used by Shuffle-BN (ALGORITHM.md §3.6; MoCo's {@code SplitBatchNorm}).
 *
 * <p>With S splits, sub-batch s holds the samples s, s+S, s+2S, ... (the B×C×… input is viewed as
 * (B/S)×(S·C)×…, one BatchNorm call over S·C channels with γ and β tiled S times). In evaluation mode,
 * and in training mode with one split, it is exactly DJL's {@link BatchNorm} on axis 1 (the same
 * native call, without DJL's no-op axis swaps; same defaults: ε = 1e-5, running-stat momentum 0.1 in
 * PyTorch's convention).
 *
 * <p>Running statistics: each split keeps its own running mean and variance (S·C each) from one
 * training-mode call to the next, and the block's running mean and variance become their mean over
 * the splits when they are next needed: an evaluation-mode or one-split call, {@link
 * #saveParameters}, a change of {@link #setSplits}, or {@link #settle()}. MoCo's {@code SplitBatchNorm}
 * tiles the running statistics before every call and averages them after it; the running update is
 * linear (r ← 0.9·r + 0.1·batch statistic), so averaging once after n calls gives the same statistics
 * in exact arithmetic (float rounding differs), and it saves 10 of the 14 extra tensor operations of a
 * split call: on a GPU each is a kernel launch, and a ResNet-18 step has 40 such calls
 * (docs/BENCHMARKS.md, "Where a step's host time goes"). A training-mode forward output never depends on
 * the running statistics, so training steps are unchanged.
 *
 * <p>Parameters (γ, β, running mean, running variance; names, types, order) and the saved bytes
 * (version 2, input shapes, channel count) are those of DJL's {@code BatchNorm}, so encoders saved
 * before this block existed load unchanged. The number of splits is a run-time setting, not part of
 * the saved architecture.
 */
public final class SplitBatchNorm extends AbstractBlock {
    /** DJL BatchNorm's encoding version: the saved parameters are byte-for-byte the same. */
    private static final byte VERSION = 2;
    /** DJL's convention (running ← 0.9·running + 0.1·batch), i.e. PyTorch's momentum 0.1. */
    static final float MOMENTUM = 0.9f;
    static final float EPSILON = 1e-5f;
    /**
     * The axis argument of DJL's {@code batchNorm} that normalises over axis 1 (channels) with one native
     * call. DJL's PyTorch engine hands axis -1 straight to PyTorch's {@code batch_norm}, whose channel axis
     * is always 1; any other value, 1 included, is wrapped in {@code swapAxes(1, axis)} before and after the
     * call, under a sub-manager: two more tensor operations per call, 80 per ResNet-18 step of both
     * encoders (docs/BENCHMARKS.md, "Where a step's host time goes"). Same call, same result.
     */
    private static final int CHANNEL_AXIS = -1;

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private long inChannels;
    private int splits = 1;
    /** The splits' own running mean and variance (S·C each) since the last {@link #settle()}, or null. */
    private NDArray splitMean;
    private NDArray splitVar;

    public SplitBatchNorm() {
        super(VERSION);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optRequiresGrad(true).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optRequiresGrad(true).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).build());
    }

    /** Sub-batches normalised separately in training mode (1 = plain BatchNorm). */
    public int splits() {
        return splits;
    }

    /** Sets the number of sub-batches; the batch size of every training-mode input must be a multiple of it. */
    public void setSplits(int splits) {
        if (splits < 1) {
            throw new IllegalArgumentException("splits must be >= 1, got " + splits);
        }
        if (splits != this.splits) {
            settle();
        }
        this.splits = splits;
    }

    /**
     * Makes the running mean and variance current: the mean over the splits of the splits' own running
     * statistics kept since the last settle (nothing to do when there are none). Evaluation-mode calls
     * and {@link #saveParameters} do it themselves; call it before reading the running statistics'
     * arrays directly.
     */
    public void settle() {
        if (splitMean == null) {
            return;
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            int s = (int) (splitMean.size() / inChannels);
            Tensors.assign(runningMean.getArray(), splitMean.reshape(s, inChannels).mean(new int[] {0}));
            Tensors.assign(runningVar.getArray(), splitVar.reshape(s, inChannels).mean(new int[] {0}));
        }
        discardSplitStatistics();
    }

    private void discardSplitStatistics() {
        if (splitMean != null) {
            splitMean.close();
            splitVar.close();
            splitMean = null;
            splitVar = null;
        }
    }

    /** The running statistics tiled to the splits, owned by this block (not by the caller's scope). */
    private static NDArray kept(NDArray running, int splits) {
        NDArray tiled = running.tile(splits);
        NDScope.unregister(tiled);
        tiled.attach(running.getManager());
        return tiled;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray g = store.getValue(gamma, x.getDevice(), training);
        NDArray b = store.getValue(beta, x.getDevice(), training);
        NDArray mean = store.getValue(runningMean, x.getDevice(), training);
        NDArray var = store.getValue(runningVar, x.getDevice(), training);
        if (!training || splits == 1) {
            settle();
            return BatchNorm.batchNorm(x, mean, var, g, b, CHANNEL_AXIS, MOMENTUM, EPSILON, training);
        }
        Shape shape = x.getShape();
        long n = shape.get(0);
        if (n % splits != 0) {
            throw new IllegalArgumentException("batch of " + n + " cannot be split into " + splits + " BatchNorm sub-batches");
        }
        long[] split = shape.getShape().clone();
        split[0] = n / splits;
        split[1] = shape.get(1) * splits;
        if (splitMean == null) {
            splitMean = kept(mean, splits);
            splitVar = kept(var, splits);
        }
        // batch_norm updates the splits' running statistics in place; settle() averages them.
        NDArray y = BatchNorm.batchNorm(x.reshape(new Shape(split)), splitMean, splitVar, g.tile(splits), b.tile(splits),
                CHANNEL_AXIS, MOMENTUM, EPSILON, true).singletonOrThrow().reshape(shape);
        return new NDList(y);
    }

    /** Settles the running statistics first ({@link #settle()}), so the saved ones are current. */
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        settle();
        super.saveParameters(os);
    }

    /** Loaded running statistics replace any the splits kept. */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        discardSplitStatistics();
        super.loadParameters(manager, is);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        inChannels = inputShapes[0].size(1);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        for (Parameter p : new Parameter[] {gamma, beta, runningMean, runningVar}) {
            p.setShape(new Shape(inChannels));
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(inChannels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion == VERSION) {
            readInputShapes(is);
        } else if (loadVersion != 1) {
            throw new MalformedModelException("Unsupported encoding version: " + loadVersion);
        }
        inChannels = is.readLong();
    }
}
