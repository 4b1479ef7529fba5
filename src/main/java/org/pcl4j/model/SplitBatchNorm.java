package org.pcl4j.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
 * (B/S)×(S·C)×…, one BatchNorm call over S·C channels with γ, β and the running statistics tiled S
 * times). The running mean and variance are then set to the mean over the splits of the S updated
 * copies, as MoCo does. In evaluation mode, and in training mode with one split, it is exactly
 * DJL's {@link BatchNorm} (same call, same defaults: ε = 1e-5, running-stat momentum 0.1 in
 * PyTorch's convention).
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

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private long inChannels;
    private int splits = 1;

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
        this.splits = splits;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray g = store.getValue(gamma, x.getDevice(), training);
        NDArray b = store.getValue(beta, x.getDevice(), training);
        NDArray mean = store.getValue(runningMean, x.getDevice(), training);
        NDArray var = store.getValue(runningVar, x.getDevice(), training);
        if (!training || splits == 1) {
            return BatchNorm.batchNorm(x, mean, var, g, b, 1, MOMENTUM, EPSILON, training);
        }
        Shape shape = x.getShape();
        long n = shape.get(0);
        if (n % splits != 0) {
            throw new IllegalArgumentException("batch of " + n + " cannot be split into " + splits + " BatchNorm sub-batches");
        }
        long[] split = shape.getShape().clone();
        split[0] = n / splits;
        split[1] = shape.get(1) * splits;
        NDArray meanS = mean.tile(splits);
        NDArray varS = var.tile(splits);
        NDArray y = BatchNorm.batchNorm(x.reshape(new Shape(split)), meanS, varS, g.tile(splits), b.tile(splits), 1, MOMENTUM,
                EPSILON, true).singletonOrThrow().reshape(shape);
        // batch_norm updated the tiled copies in place: the new running stats are their mean over the splits.
        Tensors.assign(mean, meanS.reshape(splits, inChannels).mean(new int[] {0}));
        Tensors.assign(var, varS.reshape(splits, inChannels).mean(new int[] {0}));
        return new NDList(y);
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
