package org.pcl4j.train;

/** The loss became NaN or infinite; training stops before the update, the last checkpoint is kept. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(int epoch, int step, float loss, String lastCheckpoint) {
        super("loss is " + loss + " at epoch " + epoch + ", step " + step + "; training stopped. "
                + (lastCheckpoint == null ? "No checkpoint was written yet." : "Last good checkpoint: " + lastCheckpoint)
                + " Try a lower --lr.");
    }
}
