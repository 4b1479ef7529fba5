package org.pcl4j.train;

/**
 * The loss (or the E-step's features) became NaN or infinite; training stops before the update, the
 * last checkpoint is kept.
 * {@code epoch} and {@code step} are 0-based indices; the message numbers them from 1 like every
 * other user-visible epoch ({@link Epochs}).
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(int epoch, int step, float loss, String lastCheckpoint) {
        super("loss is " + loss + " at epoch " + Epochs.shown(epoch) + ", step " + (step + 1) + "; training stopped. "
                + (lastCheckpoint == null ? "No checkpoint was written yet." : "Last good checkpoint: " + lastCheckpoint)
                + " Try a lower --lr.");
    }

    /**
     * Something other than the loss diverged in the 0-based {@code epoch}, e.g. the E-step's
     * features; {@code what} says what, as the start of a sentence.
     */
    public TrainingDivergedException(int epoch, String what) {
        super(what + " at epoch " + Epochs.shown(epoch) + "; training stopped. The last checkpoint is kept. Try a lower --lr.");
    }
}
