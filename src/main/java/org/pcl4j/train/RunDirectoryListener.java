package org.pcl4j.train;

import java.io.IOException;
import java.nio.file.Path;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.pcl4j.data.AtomicFiles;

/**
 * Records a run in its {@link RunDirectory}: after every epoch the checkpoint first, then the
 * epoch's {@code metrics.jsonl} line, so the file never holds an epoch that no checkpoint backs (a
 * resume restores a line lost between the two from the checkpoint's header). Closing it releases
 * the directory's lock.
 */
public final class RunDirectoryListener implements TrainingListener, AutoCloseable {
    private final RunDirectory runDirectory;
    private final MetricsLog metrics;
    /** The newest checkpoint and the epochs it holds, as one value: a stop handler on another thread reads it. */
    public record Recorded(Path checkpoint, int epochs) {
        /** Before the first checkpoint. */
        public static final Recorded NONE = new Recorded(null, 0);
    }

    private volatile Recorded recorded = Recorded.NONE;

    /**
     * Takes over {@code runDirectory} (closed with this listener, also when this constructor fails).
     *
     * @param resumeFrom the checkpoint the run continues from, or null for a fresh run (an old
     *                   metrics file without a checkpoint is set aside, not appended to)
     */
    public RunDirectoryListener(RunDirectory runDirectory, Checkpoint resumeFrom) {
        this.runDirectory = runDirectory;
        this.metrics = new MetricsLog(runDirectory.path());
        try {
            if (resumeFrom == null) {
                metrics.startFresh();
            } else {
                metrics.resumeAt(resumeFrom.epochsDone(), resumeFrom.header().metrics());
                recorded = new Recorded(resumeFrom.file(), resumeFrom.epochsDone());
            }
        } catch (IOException e) {
            runDirectory.close();
            throw new InputException(metrics.file() + ": cannot rewrite the metrics of the run (" + AtomicFiles.reason(e) + ")", e);
        }
    }

    /** The newest checkpoint written or resumed from, or null. */
    public Path lastCheckpoint() {
        return recorded.checkpoint();
    }

    /** The newest checkpoint (null before the first) with its epoch count; safe to read from any thread. */
    public Recorded recorded() {
        return recorded;
    }

    public Path path() {
        return runDirectory.path();
    }

    @Override
    public EpochMetrics onEpochEnd(PclTrainer trainer, EpochMetrics m) {
        Path outDir = runDirectory.path();
        int epoch = m.epoch(); // 1-based: the checkpoint after epoch n holds n epochs
        Path target = Checkpoint.fileFor(outDir, epoch);
        Recorded before = recorded;
        String kept = before.checkpoint() == null ? "no checkpoint was written yet"
                : "kept " + before.checkpoint() + " and " + metrics.file() + " up to epoch " + before.epochs();
        Path saved;
        try {
            saved = Checkpoint.save(outDir, trainer.checkpointHeader(m), trainer.model(), trainer.optimizer());
        } catch (IOException e) {
            throw new SettingException("out", "cannot write " + target + " after epoch " + epoch + " (" + AtomicFiles.reason(e) + "); "
                    + kept + "; free space, then continue with {resume} " + outDir, e);
        }
        recorded = new Recorded(saved, epoch);
        try {
            metrics.append(m);
        } catch (IOException e) {
            throw new SettingException("out", "cannot append epoch " + epoch + " to " + metrics.file() + " (" + AtomicFiles.reason(e) + "); "
                    + saved + " holds the epoch and its metrics; free space, then continue with {resume} " + outDir, e);
        }
        return m;
    }

    @Override
    public void close() {
        runDirectory.close();
    }
}
