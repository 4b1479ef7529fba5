package org.pcl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pcl4j.SettingException;
import org.pcl4j.Seeds;
import org.pcl4j.data.Batch;
import org.pcl4j.data.BatchLoader;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageTransform;
import org.pcl4j.data.Transforms;
import org.pcl4j.loss.PclLoss;
import org.pcl4j.loss.PrototypeTensors;
import org.pcl4j.model.Devices;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.EncoderConfig;
import org.pcl4j.model.PclModel;
import org.pcl4j.model.SharedEngine;
import org.pcl4j.tensor.Tensors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PCL training recipe, readable in one sitting: for each epoch, an E-step (after warm-up) that
 * clusters the momentum features into prototypes, then M-steps over two-view batches that minimise
 * {@link PclLoss} on the {@link PclModel}. Everything else (progress, log lines, checkpoints and
 * metrics, the kNN monitor) is a {@link TrainingListener}.
 *
 * <p>The epoch loop is public ({@link #openEpoch}, {@link Epoch#step}), so benchmarks and callers
 * that want their own loop use the same steps as {@link #fit}.
 */
public final class PclTrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PclTrainer.class);

    private final TrainConfig config;
    private final ImageSource source;
    private final NDManager manager;
    private final PclModel model;
    private final PclLoss loss;
    private final Sgd sgd;
    private final ImageTransform augmentation;
    private final ImageTransform evalTransform;
    private final List<TrainingListener> listeners;
    private final RunDirectoryListener run;
    private final CollapseGuard collapseGuard = new CollapseGuard();
    private int epochsDone;
    private boolean closed;

    /**
     * A trainer that reports to {@code listeners} (in order) and writes nothing by itself; add a
     * {@link RunDirectoryListener} for checkpoints and metrics.
     *
     * @param resumeFrom a checkpoint to continue from (its config must be {@code config}, or extend
     *     its epochs), or null
     * @param manager    where the model lives (its device); the trainer closes what it creates in it
     */
    public PclTrainer(TrainConfig config, ImageSource source, Checkpoint resumeFrom, List<TrainingListener> listeners, NDManager manager) {
        this.config = config;
        this.source = source;
        this.listeners = List.copyOf(listeners);
        this.run = this.listeners.stream().filter(l -> l instanceof RunDirectoryListener).map(l -> (RunDirectoryListener) l)
                .findFirst().orElse(null);
        this.manager = manager.newSubManager();
        try {
            if (source.channels() != 1 && source.channels() != 3) { // ImageSource's contract; the colour augmentations need it
                throw new SettingException("data", "{data} " + source.description() + ": images of " + source.channels()
                        + " channels; pcl4j trains on 1 (gray) or 3 (RGB)");
            }
            EncoderConfig encoderConfig = config.encoderConfig(source.channels(), source.imageSize());
            if (resumeFrom != null && resumeFrom.header().encoder().imageSize() != encoderConfig.imageSize()) {
                // A folder's own side is the median of its images' (FolderSource.ownSide): images added since can move it.
                int trained = resumeFrom.header().encoder().imageSize();
                throw new SettingException("imageSize", resumeFrom.file() + ": the run trained at " + trained + " px, but its data now gives "
                        + encoderConfig.imageSize() + " px; open the data with {imageSize} " + trained + " to continue it");
            }
            int trainedOn = resumeFrom == null ? 0 : resumeFrom.header().numImages();
            if (trainedOn > 0 && trainedOn != source.size()) {
                // Images added or removed since. Continuing on more data is a use, so it is not refused; but the epochs'
                // order, the queue's keys and the E-step's clusters now come from other data, and the settings derived
                // from N (queue, K's) stay those of the old N: the run no longer equals an uninterrupted one, so say so.
                LOG.warn("{}: the run trained on {} images, but {} now has {}: this resumed run continues on other data and will "
                        + "not equal an uninterrupted run (its queue size and K's stay those derived for {} images)", resumeFrom.file(),
                        trainedOn, source.description(), source.size(), trainedOn);
            }
            int threadsThen = resumeFrom == null ? 0 : resumeFrom.header().torchThreads();
            int threadsNow = ai.djl.pytorch.jni.JniUtils.getNumThreads();
            if (threadsThen > 0 && threadsThen != threadsNow && manager.getDevice().getDeviceType().equals(ai.djl.Device.Type.CPU)) {
                // Not refused (another machine is a fair place to continue), but the README's "bit for bit" no longer holds.
                LOG.warn("{}: the run trained with {} PyTorch threads, this one has {}: on a CPU the sums round differently, so "
                        + "this resumed run will not equal an uninterrupted one bit for bit (-Dai.djl.pytorch.num_threads={} "
                        + "restores it, given {} cores)", resumeFrom.file(), threadsThen, threadsNow, threadsThen, threadsThen);
            }
            // The initial weights: seeded and drawn in one turn of the engine's generator (another training built at
            // the same time in this JVM would otherwise reseed or draw in between).
            this.model = SharedEngine.seeded(config.seed(),
                    () -> PclModel.create(encoderConfig, config.queueSize(), config.emaMomentum(), config.seed(), this.manager));
            model.setBatchNormSplits(config.batchNormSplits()); // Shuffle-BN, ALGORITHM.md §3.6
            this.loss = new PclLoss(config.temperature(), config.instanceLoss(), config.protoLoss(), config.protoDupMask(), config.queueSize());
            this.sgd = Sgd.over(List.of(model.trainableVector()), config.sgdMomentum(), config.weightDecay());
            this.augmentation = Transforms.train(config.augmentation(), source, encoderConfig.imageSize());
            this.evalTransform = Transforms.eval(source, encoderConfig.imageSize());
            if (resumeFrom != null) {
                resumeFrom.restore(model, sgd);
                this.epochsDone = resumeFrom.epochsDone();
                LOG.info("resuming from {} after {} epochs", resumeFrom.file(), epochsDone);
            }
        } catch (RuntimeException | Error e) {
            // No trainer for the caller to close: release what was taken (the run directory's lock, the native memory)
            // here, so that a Java program can fix the setting and train into the same directory again.
            closeListeners().ifPresent(e::addSuppressed);
            this.manager.close();
            throw e;
        }
    }

    /**
     * The CLI's trainer: records into {@code runDirectory} (already opened, so checked and locked
     * before data was loaded; the trainer owns it from here and releases its lock on {@link
     * #close()}), with an optional end-of-epoch evaluation (e.g. the kNN monitor), a progress bar
     * when {@code progress}, and a log line per epoch.
     */
    public PclTrainer(TrainConfig config, ImageSource source, RunDirectory runDirectory, Checkpoint resumeFrom, TrainingListener evaluator,
            boolean progress) {
        this(config, source, resumeFrom, standardListeners(new RunDirectoryListener(runDirectory, resumeFrom), evaluator, progress),
                Devices.newManager());
    }

    /** As the constructor above, opening (checking, locking, cleaning) {@code outDir} first. */
    public PclTrainer(TrainConfig config, ImageSource source, Path outDir, Checkpoint resumeFrom, TrainingListener evaluator, boolean progress) {
        this(config, source, RunDirectory.open(outDir), resumeFrom, evaluator, progress);
    }

    private static List<TrainingListener> standardListeners(RunDirectoryListener run, TrainingListener evaluator, boolean progress) {
        List<TrainingListener> all = new ArrayList<>();
        if (progress) {
            all.add(new ProgressBarListener()); // first: its bar is closed before the evaluation runs
        }
        if (evaluator != null) {
            all.add(evaluator); // measures: before those that record
        }
        all.add(run);
        all.add(new EpochLogListener());
        return all;
    }

    public TrainConfig config() {
        return config;
    }

    /** Both encoders and the queue. */
    public PclModel model() {
        return model;
    }

    /** The optimizer (its momentum buffers are part of a checkpoint). */
    public Sgd optimizer() {
        return sgd;
    }

    public PclLoss loss() {
        return loss;
    }

    /** Epochs completed (including those of the checkpoint resumed from). */
    public int epochsDone() {
        return epochsDone;
    }

    /** The newest checkpoint written or resumed from, or null (also when the run records no checkpoints). */
    public Path lastCheckpoint() {
        return run == null ? null : run.lastCheckpoint();
    }

    /**
     * The newest checkpoint with the epochs it holds ({@link RunDirectoryListener.Recorded#NONE} when none). Safe to call
     * from another thread (a stop handler): it runs ahead of {@link #epochsDone()} while an epoch's
     * end is being recorded.
     */
    public RunDirectoryListener.Recorded recorded() {
        return run == null ? RunDirectoryListener.Recorded.NONE : run.recorded();
    }

    /** Trains until {@code config.epochs()} epochs are done; returns the metrics of the epochs run now. */
    public List<EpochMetrics> fit() {
        return fit(config.epochs());
    }

    /**
     * Trains until {@code untilEpoch} epochs are done (for tests and staged runs), at most {@code config.epochs()}:
     * a longer run is another config ({@link TrainConfig#withEpochs}), so more is an error, not a silent cap.
     */
    public List<EpochMetrics> fit(int untilEpoch) {
        requireOpen();
        if (untilEpoch > config.epochs()) {
            throw new SettingException("epochs", "fit(" + untilEpoch + ") goes past this run's {epochs} " + config.epochs()
                    + "; extend the run with TrainConfig.withEpochs and a trainer resumed from its checkpoint");
        }
        listeners.forEach(l -> l.onTrainingStart(this));
        List<EpochMetrics> done = new ArrayList<>();
        while (epochsDone < untilEpoch) {
            EpochMetrics m = runEpoch(epochsDone);
            for (TrainingListener l : listeners) {
                m = l.onEpochEnd(this, m);
            }
            epochsDone++;
            done.add(m);
        }
        listeners.forEach(l -> l.onTrainingEnd(this));
        return done;
    }

    /** Seeds the negative-prototype draws of one step (granularity m adds m; see {@link PclLoss#compute}). */
    private long negativeSamplingSeed(int epoch, int step) {
        return Seeds.mix(config.seed(), Seeds.PROTO_NEGATIVES, epoch, step);
    }

    /**
     * Seeds the Shuffle-BN permutation of one step's keys of {@code view} (ALGORITHM.md §3.6); view 2's
     * seed is the one pcl4j has always used, view 1's (symmetric loss only) is mixed from it.
     */
    private long keyShuffleSeed(int epoch, int step, int view) {
        long seed = Seeds.mix(config.seed(), Seeds.KEY_SHUFFLE, epoch, step);
        return view == 2 ? seed : Seeds.mix(seed, view);
    }

    /** The momentum encoder's keys of one view, through the Shuffle-BN key shuffle when it is on. */
    private NDArray keysOf(NDArray view, long shuffleSeed) {
        return config.shuffleBn() ? model.shuffledKeys(view, shuffleSeed) : model.keys(view);
    }

    /** The header of a checkpoint holding the state after the epoch of {@code metrics}. */
    Checkpoint.Header checkpointHeader(EpochMetrics metrics) {
        return new Checkpoint.Header(metrics.epoch(), config, model.queryEncoder().config(), model.queue().pointer(),
                metrics, source.size(), ai.djl.pytorch.jni.JniUtils.getNumThreads());
    }

    /** Runs the E-step of 0-based {@code epoch} (feature pass + k-means for every K) with the momentum encoder. */
    public EStep.Result eStep(int epoch) {
        return EStep.run(model.momentumEncoder(), source, evalTransform, config, epoch, manager,
                lastCheckpointName());
    }

    /**
     * Opens 0-based {@code epoch}: runs its E-step when the prototype term is on (ALGORITHM.md §2) and
     * prepares its batches. Changes the model like training does when its steps are run.
     */
    public Epoch openEpoch(int epoch) {
        requireOpen();
        return new Epoch(epoch);
    }

    /** A closed trainer's native memory is freed: say so, rather than let the engine fail on a released array. */
    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this trainer is closed (its model and native memory are freed); build a new one");
        }
    }

    private EpochMetrics runEpoch(int epoch) {
        long start = System.nanoTime();
        try (Epoch e = openEpoch(epoch)) {
            listeners.forEach(l -> l.onEpochStart(this, Epochs.shown(epoch), e.numSteps()));
            long mstepStart = System.nanoTime();
            for (Batch batch : e.batches()) {
                StepResult s = e.step(batch);
                listeners.forEach(l -> l.onStep(this, s));
            }
            double mstepSeconds = (System.nanoTime() - mstepStart) / 1e9;
            // Before the listeners write the epoch's checkpoint: never a checkpoint of a collapsed encoder.
            collapseGuard.checkModel(probeSpread(), epoch, lastCheckpointName());
            StepStats st = e.stats;
            return new EpochMetrics(Epochs.shown(epoch), (double) e.lr, st.loss / st.steps, st.lossInstance / st.steps,
                    st.protoSteps > 0 ? st.lossProto / st.protoSteps : null, st.accInstance / st.steps,
                    st.protoSteps > 0 ? st.accProto / st.protoSteps : null, st.images / mstepSeconds, e.estepSeconds,
                    mstepSeconds, null, null, (System.nanoTime() - start) / 1e9);
        }
    }

    /** {@link #lastCheckpoint()} as the divergence messages name it, or null when none was written yet. */
    private String lastCheckpointName() {
        Path last = lastCheckpoint();
        return last == null ? null : last.toString();
    }

    /** Images of {@link #probeSpread}: enough for a stable spread, few enough to cost nothing beside an epoch. */
    private static final int PROBE_IMAGES = 256;

    /**
     * The spread ({@link CollapseGuard#spread}) of the query encoder's embeddings of the first {@link #PROBE_IMAGES}
     * training images, evaluation transform, eval mode. Eval mode settles Shuffle-BN's running statistics, as the
     * checkpoint written next does anyway; it uses no randomness.
     */
    private float probeSpread() {
        ImageSource probe = org.pcl4j.data.ImageSources.limit(source, Math.min(PROBE_IMAGES, source.size()));
        if (probe.size() < 2) {
            return Float.POSITIVE_INFINITY; // no spread to measure in one image
        }
        try (NDManager m = manager.newSubManager();
                BatchLoader loader = BatchLoader.evaluation(probe, evalTransform, PROBE_IMAGES, 1)) {
            return CollapseGuard.spread(org.pcl4j.model.FeatureExtractor.extract(model.queryEncoder(), loader, probe.size(), true, m));
        }
    }

    /** One epoch's E-step result and batches; {@link #step} runs its M-steps one by one. */
    public final class Epoch implements AutoCloseable {
        private final int epoch;
        private final float lr;
        private final Double estepSeconds;
        private final NDManager epochManager;
        private final List<PrototypeTensors> prototypes;
        private final BatchLoader loader;
        private final StepStats stats = new StepStats();
        private final Tensors.Staging staging = new Tensors.Staging();
        private int stepsDone;

        private Epoch(int epoch) {
            this.epoch = epoch;
            collapseGuard.reset(); // a streak never spans a checkpoint (CollapseGuard#reset)
            this.lr = config.lrSchedule().lr(epoch);
            long start = System.nanoTime();
            this.epochManager = manager.newSubManager();
            if (config.usesPrototypes(epoch)) {
                EStep.Result r = eStep(epoch);
                this.prototypes = r.prototypes().stream().map(p -> PrototypeTensors.of(p, epochManager)).toList();
                this.estepSeconds = (System.nanoTime() - start) / 1e9;
            } else {
                this.prototypes = List.of();
                this.estepSeconds = null;
            }
            this.loader = BatchLoader.training(source, augmentation, config.batchSize(), config.seed(), epoch, config.workers());
        }

        /** M-steps in this epoch (full batches of the shuffled training set). */
        public int numSteps() {
            return loader.numBatches();
        }

        /**
         * The epoch's two-view batches, in order. {@link #step} hands a batch's view arrays back to the loader, which
         * writes a later batch into them: read a batch's views before stepping on it, not after.
         */
        public Iterable<Batch> batches() {
            return loader;
        }

        /** Seconds the E-step took, or null without one. */
        public Double estepSeconds() {
            return estepSeconds;
        }

        /**
         * One M-step (ALGORITHM.md §3): keys of view 2, queries of view 1, the loss, backward, SGD, the EMA
         * of the momentum encoder, enqueue. With the symmetric loss (§3.8) also keys of view 1 and queries
         * of view 2; the loss is the mean of the two directions and both key batches enter the queue.
         *
         * <p>The step reads its figures (loss, accuracies, spread) from the device once, after the update
         * has been queued: on a GPU every read waits until the device has caught up, so a read before
         * backward would leave the GPU idle while the host issues the rest of the step. The checks
         * therefore come after the update: when one fails, the model in memory has taken the bad step,
         * and the run's last good state is its last checkpoint (nothing is written after the failure).
         *
         * <p>Once the views are on the device, a batch of this epoch's {@link #batches()} gives its view arrays back
         * to the loader ({@link BatchLoader#recycle}), which writes a later batch into them.
         *
         * @throws TrainingDivergedException when the loss is not finite or the encoder has collapsed
         */
        public StepResult step(Batch batch) {
            int step = stepsDone++;
            int b = batch.size();
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                // Host data first (the views, the prototype draws, the Shuffle-BN permutation): a copy to a GPU
                // waits for the work queued before it, so none is left behind the forward passes.
                NDArray view1 = Encoder.images(batch, 0, manager, staging);
                NDArray view2 = Encoder.images(batch, 1, manager, staging);
                loader.recycle(batch); // both views copied: the loader writes a later batch into these arrays
                PclLoss.Draw drawn = loss.draw(prototypes, batch.indices(), negativeSamplingSeed(epoch, step), manager);
                NDArray k = keysOf(view2, keyShuffleSeed(epoch, step, 2));
                // The symmetric loss (ALGORITHM.md §3.8): view 1 also serves as the key of view 2's query.
                NDArray k1 = config.symmetric() ? keysOf(view1, keyShuffleSeed(epoch, step, 1)) : null;
                PclLoss.Result r;
                NDArray spread;
                try (GradientCollector collector = SharedEngine.newGradientCollector()) {
                    NDArray q = model.queries(view1);
                    r = loss.compute(q, k, model.queue().keys(), drawn);
                    if (k1 != null) {
                        r = PclLoss.Result.mean(r, loss.compute(model.queries(view2), k1, model.queue().keys(), drawn));
                    }
                    spread = CollapseGuard.spreadOf(q);
                    collector.backward(r.loss());
                }
                sgd.step(lr);
                model.afterStep(k1 == null ? k : k1.concat(k));
                float[] read = r.figures().concat(spread.reshape(1)).toFloatArray(); // the step's one device-to-host read
                PclLoss.Figures f = PclLoss.Figures.of(read, r.hasPrototypes());
                float spreadValue = read[read.length - 1];
                String last = lastCheckpointName();
                if (!Float.isFinite(f.loss())) {
                    throw TrainingDivergedException.nonFinite(epoch, step, f.loss(), last);
                }
                collapseGuard.check(spreadValue, epoch, step, last);
                StepResult result = new StepResult(Epochs.shown(epoch), step + 1, b, lr, f.loss(), f.instanceLoss(),
                        f.instanceAccuracy(), f.protoLoss(), f.protoAccuracy(), spreadValue);
                stats.add(result);
                return result;
            }
        }

        @Override
        public void close() {
            loader.close();
            epochManager.close();
        }
    }

    /** Releases the model's memory and closes the listeners that hold resources (e.g. the run directory's lock); idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Optional<RuntimeException> failure = closeListeners();
        sgd.close();
        model.close();
        manager.close();
        if (failure.isPresent()) {
            throw failure.get();
        }
    }

    /** Closes the listeners that hold resources, each even when another fails; the first failure, if any. */
    private Optional<RuntimeException> closeListeners() {
        RuntimeException failure = null;
        for (TrainingListener l : listeners) {
            if (l instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    failure = failure == null ? new IllegalStateException("closing " + l, e) : failure;
                }
            }
        }
        return Optional.ofNullable(failure);
    }

    /** Running sums over an epoch's steps. */
    private static final class StepStats {
        int steps;
        int protoSteps;
        long images;
        double loss;
        double lossInstance;
        double lossProto;
        double accInstance;
        double accProto;

        void add(StepResult s) {
            steps++;
            images += s.images();
            loss += s.loss();
            lossInstance += s.lossInstance();
            accInstance += s.accInstance();
            if (s.lossProto() != null) {
                protoSteps++;
                lossProto += s.lossProto();
                accProto += s.accProto();
            }
        }
    }
}
