package org.pcl4j.train;

import ai.djl.ndarray.NDArray;
import org.pcl4j.model.Scoped;
import org.pcl4j.tensor.Tensors;

/**
 * Stops a run whose encoder has collapsed, the way a NaN stops it: a collapsed encoder maps every
 * image to (nearly) the same embedding, its loss settles at ln(r+1) + mean ln K with zero gradient,
 * and without this guard the run would "succeed" with a dead model.
 *
 * <p>The measure is the spread of a batch of L2-normalised queries: the mean over dimensions of the
 * per-dimension standard deviation over the batch, times √dim. Embeddings spread over the unit
 * sphere give about 1 (each coordinate has variance 1/dim); identical embeddings give 0, and so do
 * all-zero outputs. A run is declared collapsed when the spread stays below {@link #minSpread} for
 * {@link #patience} consecutive steps: one odd batch does not stop a run, a dead encoder (which
 * cannot recover: its gradients vanish) stops within a few steps.
 */
public final class CollapseGuard {
    /** 100× below the spread of healthy embeddings. */
    public static final float DEFAULT_MIN_SPREAD = 0.01f;
    public static final int DEFAULT_PATIENCE = 10;

    private final float minSpread;
    private final int patience;
    private int collapsedSteps;

    public CollapseGuard(float minSpread, int patience) {
        if (!(minSpread >= 0f) || patience < 1) {
            throw new IllegalArgumentException("minSpread must be >= 0 and patience >= 1, got " + minSpread + ", " + patience);
        }
        this.minSpread = minSpread;
        this.patience = patience;
    }

    public CollapseGuard() {
        this(DEFAULT_MIN_SPREAD, DEFAULT_PATIENCE);
    }

    /** The spread of embeddings {@code q} (B×dim): mean per-dimension standard deviation × √dim. */
    public static float spread(NDArray q) {
        try (NDArray s = spreadOf(q)) {
            return s.getFloat();
        }
    }

    /**
     * {@link #spread} as a float32 scalar on {@code q}'s device, not read back (a training step reads it with its
     * other figures, at its end); detached from the gradient graph.
     */
    public static NDArray spreadOf(NDArray q) {
        return Scoped.compute(() -> {
            NDArray x = q.stopGradient();
            NDArray centred = x.sub(x.mean(new int[] {0}, true));
            return Tensors.mul(centred.square().mean(new int[] {0}).sqrt().mean(), (float) Math.sqrt(q.getShape().get(1)));
        });
    }

    /**
     * Records the spread of one step.
     *
     * @throws TrainingDivergedException when the spread has been below {@link #minSpread} for
     *     {@link #patience} steps in a row
     */
    public void check(float spread, int epoch, int step, String lastCheckpoint) {
        if (spread < minSpread || !Float.isFinite(spread)) {
            collapsedSteps++;
            if (collapsedSteps >= patience) {
                throw TrainingDivergedException.collapsed(epoch, step, spread, collapsedSteps, lastCheckpoint);
            }
        } else {
            collapsedSteps = 0;
        }
    }

    /**
     * Starts a new streak. Called at each epoch's start: a streak never spans a checkpoint, so a resumed run stops
     * where the uninterrupted one does (the epoch-end check, {@link #checkModel}, covers the boundary).
     */
    public void reset() {
        collapsedSteps = 0;
    }

    /**
     * The check before a checkpoint is written: the spread of the encoder's embeddings of fixed images (eval mode, no
     * augmentation). A run that collapsed in its last steps, fewer than {@link #patience}, ended "successfully", and the
     * "last good checkpoint" of a later stop could hold an already collapsed encoder.
     *
     * @throws TrainingDivergedException when {@code spread} is below {@link #minSpread} (or not finite)
     */
    public void checkModel(float spread, int epoch, String lastCheckpoint) {
        if (spread < minSpread || !Float.isFinite(spread)) {
            throw TrainingDivergedException.collapsedAtEpochEnd(epoch, spread, lastCheckpoint);
        }
    }

    public float minSpread() {
        return minSpread;
    }

    public int patience() {
        return patience;
    }
}
