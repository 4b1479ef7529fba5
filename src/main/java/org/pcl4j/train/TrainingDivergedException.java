package org.pcl4j.train;

/**
 * Training went wrong in a way that more steps cannot repair: the loss became NaN or infinite, or
 * the encoder collapsed (every image mapped to the same embedding). Training stops before the
 * update; the last checkpoint is kept. {@code epoch} and {@code step} are 0-based indices; the
 * message numbers them from 1 like every other user-visible epoch ({@link Epochs}).
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private TrainingDivergedException(String message) {
        super(message);
    }

    /** The loss is {@code loss} (NaN or ±∞) at the given step. */
    public static TrainingDivergedException nonFinite(int epoch, int step, float loss, String lastCheckpoint) {
        return new TrainingDivergedException("loss is " + loss + " at " + where(epoch, step) + "; training stopped. "
                + kept(lastCheckpoint) + " Try a lower --lr.");
    }

    /** The embeddings have had no spread for {@code steps} steps up to the given one (see {@link CollapseGuard}). */
    public static TrainingDivergedException collapsed(int epoch, int step, float spread, int steps, String lastCheckpoint) {
        return new TrainingDivergedException("the encoder collapsed at " + where(epoch, step) + ": every image maps to nearly the "
                + "same embedding (spread " + String.format("%.2g", spread) + " for " + steps + " steps; about 1 is healthy), so the "
                + "loss can no longer teach it anything; training stopped. " + kept(lastCheckpoint) + " " + advice(lastCheckpoint));
    }

    /** The encoder's embeddings of fixed images have (nearly) no spread at the end of an epoch: no checkpoint of it. */
    public static TrainingDivergedException collapsedAtEpochEnd(int epoch, float spread, String lastCheckpoint) {
        return new TrainingDivergedException("the encoder collapsed by the end of epoch " + Epochs.shown(epoch) + ": every image "
                + "maps to nearly the same embedding (spread " + String.format("%.2g", spread) + " on fixed images; about 1 is "
                + "healthy); training stopped without writing its checkpoint. " + kept(lastCheckpoint) + " " + advice(lastCheckpoint));
    }

    /** A resume repeats the same steps, hence the same collapse, and refuses other settings: the way out is a new run. */
    private static String advice(String lastCheckpoint) {
        String settings = "a lower --lr, a longer --warmup-epochs, or a larger --batch-size.";
        return lastCheckpoint == null ? "Try " + settings
                : "A resume would collapse the same way: start a new run (another --out) with " + settings;
    }

    /** Features of the E-step are NaN or infinite: the momentum encoder has diverged. */
    public static TrainingDivergedException nonFiniteFeatures(int epoch, long count, String lastCheckpoint) {
        return new TrainingDivergedException("the momentum encoder gives " + count + " NaN or infinite feature values in the E-step of epoch "
                + Epochs.shown(epoch) + "; training stopped. " + kept(lastCheckpoint) + " Try a lower --lr.");
    }

    private static String where(int epoch, int step) {
        return "epoch " + Epochs.shown(epoch) + ", step " + (step + 1);
    }

    private static String kept(String lastCheckpoint) {
        return lastCheckpoint == null ? "No checkpoint was written yet." : "Last good checkpoint: " + lastCheckpoint + ".";
    }
}
