package org.pcl4j.train;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar per epoch on standard error (for terminals: the CLI adds it only when stderr is one). */
public final class ProgressBarListener implements TrainingListener, AutoCloseable {
    private ProgressBar bar;
    private long start;
    private long images;
    private double lossSum;
    private int steps;

    @Override
    public void onEpochStart(PclTrainer trainer, int epoch, int numSteps) {
        close();
        bar = new ProgressBarBuilder()
                .setTaskName(String.format("epoch %d/%d", epoch, trainer.config().epochs()))
                .setInitialMax(numSteps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .continuousUpdate()
                .build();
        start = System.nanoTime();
        images = 0;
        lossSum = 0;
        steps = 0;
    }

    @Override
    public void onStep(PclTrainer trainer, StepResult s) {
        if (bar == null) {
            return;
        }
        steps++;
        images += s.images();
        lossSum += s.loss();
        double seconds = (System.nanoTime() - start) / 1e9;
        // Short, so that the bar stays readable in 80 columns; accuracies are in the epoch's log line.
        bar.setExtraMessage(String.format(" loss %.2f %.0f img/s", lossSum / steps, images / seconds));
        bar.step();
    }

    @Override
    public EpochMetrics onEpochEnd(PclTrainer trainer, EpochMetrics metrics) {
        close();
        return metrics;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
