package org.pcl4j.train;

/**
 * Cross-cutting concerns of a training run (progress bar, log lines, checkpoints and metrics, the
 * kNN monitor, ...) hook in here instead of living in the trainer, in the spirit of DJL's {@code
 * TrainingListener}. Listeners are called in the order they were added; every method has a
 * do-nothing default. Epochs are numbered from 1, steps within an epoch from 1 ({@link Epochs}).
 */
public interface TrainingListener {

    /** Before the first epoch of this {@link PclTrainer#fit} call (after a resume, too). */
    default void onTrainingStart(PclTrainer trainer) {}

    /** An epoch begins: its E-step (if any) is done and {@code steps} M-steps follow. */
    default void onEpochStart(PclTrainer trainer, int epoch, int steps) {}

    /** One M-step is done (after the optimizer step, the EMA and the enqueue). */
    default void onStep(PclTrainer trainer, StepResult step) {}

    /**
     * The epoch's M-steps are done. A listener that measures something (the kNN monitor) returns
     * {@code metrics} with its figures filled in; one that records (checkpoint and metrics line, log
     * line) must come after it. The default returns {@code metrics} unchanged.
     */
    default EpochMetrics onEpochEnd(PclTrainer trainer, EpochMetrics metrics) {
        return metrics;
    }

    /** After the last epoch of this {@link PclTrainer#fit} call, when it ended normally. */
    default void onTrainingEnd(PclTrainer trainer) {}
}
