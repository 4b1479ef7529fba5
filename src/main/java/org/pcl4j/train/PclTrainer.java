package org.pcl4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.pcl4j.InputException;
import org.pcl4j.Seeds;
import org.pcl4j.cluster.Prototypes;
import org.pcl4j.data.AugmentationPolicy;
import org.pcl4j.data.Batch;
import org.pcl4j.data.BatchLoader;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageTransform;
import org.pcl4j.data.Transforms;
import org.pcl4j.loss.InfoNce;
import org.pcl4j.loss.KeyQueue;
import org.pcl4j.loss.LossTerm;
import org.pcl4j.loss.ProtoNce;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.EncoderConfig;
import org.pcl4j.model.MomentumUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.pcl4j.tensor.Tensors;

/**
 * The PCL training recipe, readable in one sitting: for each epoch, an E-step (after warm-up) that
 * clusters the momentum features into prototypes, then an M-step over two-view batches with
 * ProtoNCE, then an optional evaluation, a metrics line and a checkpoint.
 */
public final class PclTrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PclTrainer.class);

    /** An end-of-epoch evaluation of the query encoder, e.g. the kNN monitor of spec §6; null if not applicable. */
    @FunctionalInterface
    public interface EpochEvaluator {
        Double evaluate(Encoder queryEncoder, int epoch);
    }

    private final TrainConfig config;
    private final ImageSource source;
    private final Path outDir;
    private final EpochEvaluator evaluator;
    private final boolean progress;
    private final NDManager manager;
    private final Encoder query;
    private final Encoder key;
    private final KeyQueue queue;
    private final Sgd sgd;
    private final ImageTransform augmentation;
    private final ImageTransform evalTransform;
    private final MetricsLog metrics;
    private final RunDirectory runDirectory;
    private final int imageSize;
    private int epochsDone;
    private Path lastCheckpoint;

    /**
     * Opens (checks, locks and cleans, see {@link RunDirectory}) {@code outDir} and trains into it.
     *
     * @param resumeFrom a checkpoint to continue from (its config must be {@code config}, or extend
     *     its epochs), or null
     */
    public PclTrainer(TrainConfig config, ImageSource source, Path outDir, Checkpoint resumeFrom, EpochEvaluator evaluator, boolean progress) {
        this(config, source, RunDirectory.open(outDir), resumeFrom, evaluator, progress);
    }

    /**
     * Trains into a run directory already opened (the CLI opens it before loading data, to fail
     * early); the trainer owns it from here and releases its lock on {@link #close()}.
     */
    public PclTrainer(TrainConfig config, ImageSource source, RunDirectory runDirectory, Checkpoint resumeFrom, EpochEvaluator evaluator,
            boolean progress) {
        this.config = config;
        this.source = source;
        this.runDirectory = runDirectory;
        this.outDir = runDirectory.path();
        this.evaluator = evaluator;
        this.progress = progress;
        EncoderConfig encoderConfig = config.encoderConfig(source.channels(), source.imageSize());
        this.imageSize = encoderConfig.imageSize();
        this.metrics = new MetricsLog(outDir);
        try {
            if (resumeFrom == null) {
                metrics.startFresh();
            } else {
                metrics.resumeAt(resumeFrom.epochsDone(), resumeFrom.header().metrics());
            }
        } catch (IOException e) {
            runDirectory.close();
            throw new InputException(metrics.file() + ": cannot rewrite the metrics of the run (" + RunDirectory.reason(e) + ")", e);
        }
        Engine.getInstance().setRandomSeed((int) config.seed());
        this.manager = NDManager.newBaseManager();
        this.query = Encoder.create(encoderConfig, manager);
        this.key = Encoder.momentumCopyOf(query, manager); // spec §1: θ' starts as a copy of θ, no gradient
        this.queue = new KeyQueue(manager, config.queueSize(), config.dim(), config.seed());
        this.sgd = new Sgd(query.trainableParameters(), config.sgdMomentum(), config.weightDecay());
        this.augmentation = Transforms.train(config.augmentation(), source, imageSize);
        this.evalTransform = Transforms.eval(source, imageSize);
        if (resumeFrom != null) {
            resumeFrom.restore(query, key, sgd, queue, manager);
            this.epochsDone = resumeFrom.epochsDone();
            this.lastCheckpoint = resumeFrom.file();
            LOG.info("resuming from {} after {} epochs", resumeFrom.file(), epochsDone);
        }
    }

    public Encoder queryEncoder() {
        return query;
    }

    public Encoder momentumEncoder() {
        return key;
    }

    public KeyQueue queue() {
        return queue;
    }

    public int epochsDone() {
        return epochsDone;
    }

    /** The newest checkpoint written or resumed from, or null. */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }

    /** Trains until {@code config.epochs()} epochs are done; returns the metrics of the epochs run now. */
    public List<EpochMetrics> fit() throws IOException {
        return fit(config.epochs());
    }

    /**
     * Trains until {@code untilEpoch} epochs are done (for tests and staged runs). Each epoch is
     * committed as its checkpoint first and its metrics.jsonl line second, so that the file never
     * holds an epoch that no checkpoint backs.
     *
     * @throws InputException naming the file and the epoch if the run directory cannot be written
     *     (e.g. a full disk); what was kept is in the message
     */
    public List<EpochMetrics> fit(int untilEpoch) throws IOException {
        List<EpochMetrics> done = new ArrayList<>();
        while (epochsDone < Math.min(untilEpoch, config.epochs())) {
            EpochMetrics m = runEpoch(epochsDone);
            commit(m);
            done.add(m);
            LOG.info("epoch {}/{}: loss {} (instance {}, proto {}), acc {} / {}, {} img/s{}{}", m.epoch(), config.epochs(),
                    fmt(m.loss()), fmt(m.lossInstance()), fmt(m.lossProto()), fmt(m.accInstance()), fmt(m.accProto()),
                    Math.round(m.imagesPerS()), m.estepSeconds() == null ? "" : ", E-step " + fmt(m.estepSeconds()) + " s",
                    m.knnTop1() == null ? "" : ", kNN top-1 " + fmt(m.knnTop1()));
        }
        return done;
    }

    /**
     * Throughput of full training steps (both views, both encoders, loss, backward, SGD, EMA,
     * enqueue) as in epoch {@code epoch} (with its E-step when the prototype term is on), excluding
     * {@code warmupSteps} untimed steps. Changes the model like training does; for benchmarks.
     *
     * @return images per second over the {@code steps} timed steps
     */
    public double measureSteps(int epoch, int warmupSteps, int steps) {
        List<Prototypes> prototypes = config.usesPrototypes(epoch)
                ? EStep.run(key, source, evalTransform, config, epoch, manager).prototypes() : List.of();
        StepStats stats = new StepStats();
        long start = 0;
        int done = 0;
        try (NDManager epochManager = manager.newSubManager();
                BatchLoader loader = BatchLoader.training(source, augmentation, config.batchSize(), config.seed(), epoch, config.workers())) {
            List<PrototypeTensors> protoTensors = prototypes.stream().map(p -> PrototypeTensors.of(p, epochManager)).toList();
            for (Batch batch : loader) {
                if (done == warmupSteps) {
                    start = System.nanoTime();
                }
                step(batch, protoTensors, config.lrSchedule().lr(epoch), epoch, done, done >= warmupSteps ? stats : new StepStats());
                if (++done == warmupSteps + steps) {
                    break;
                }
            }
        }
        if (done < warmupSteps + steps) {
            throw new InputException("--limit: the data gives " + done + " batches per epoch, fewer than the "
                    + (warmupSteps + steps) + " steps to measure");
        }
        return stats.images / ((System.nanoTime() - start) / 1e9);
    }

    /** Runs the E-step of {@code epoch} (feature pass + k-means for every K) and returns its timings. */
    public EStep.Result measureEStep(int epoch) {
        return EStep.run(key, source, evalTransform, config, epoch, manager);
    }

    /** Writes the checkpoint of the epoch just trained, then its metrics line; advances {@link #epochsDone()}. */
    private void commit(EpochMetrics m) {
        int epoch = m.epoch(); // 1-based: the checkpoint after epoch n holds n epochs
        Path target = Checkpoint.fileFor(outDir, epoch);
        String kept = lastCheckpoint == null ? "no checkpoint was written yet"
                : "kept " + lastCheckpoint + " and " + metrics.file() + " up to epoch " + epochsDone;
        try {
            Checkpoint.Header header = new Checkpoint.Header(epoch, config, query.config(), queue.pointer(), m);
            lastCheckpoint = Checkpoint.save(outDir, header, query, key, sgd, queue);
        } catch (IOException e) {
            throw new InputException("cannot write " + target + " after epoch " + epoch + " (" + RunDirectory.reason(e) + "); "
                    + kept + "; free space, then continue with --resume " + outDir, e);
        }
        epochsDone = epoch;
        try {
            metrics.append(m);
        } catch (IOException e) {
            throw new InputException("cannot append epoch " + epoch + " to " + metrics.file() + " (" + RunDirectory.reason(e) + "); "
                    + lastCheckpoint + " holds the epoch and its metrics; free space, then continue with --resume " + outDir, e);
        }
    }

    private EpochMetrics runEpoch(int epoch) {
        long start = System.nanoTime();
        float lr = config.lrSchedule().lr(epoch);
        List<Prototypes> prototypes = List.of();
        Double estepSeconds = null;
        if (config.usesPrototypes(epoch)) {
            prototypes = EStep.run(key, source, evalTransform, config, epoch, manager).prototypes();
            estepSeconds = (System.nanoTime() - start) / 1e9;
        }
        long mstepStart = System.nanoTime();
        StepStats stats = new StepStats();
        try (NDManager epochManager = manager.newSubManager();
                BatchLoader loader = BatchLoader.training(source, augmentation, config.batchSize(), config.seed(), epoch, config.workers());
                ProgressBar bar = progressBar(epoch, loader.numBatches())) {
            List<PrototypeTensors> protoTensors = prototypes.stream().map(p -> PrototypeTensors.of(p, epochManager)).toList();
            int step = 0;
            for (Batch batch : loader) {
                step(batch, protoTensors, lr, epoch, step++, stats);
                if (bar != null) {
                    double seconds = (System.nanoTime() - mstepStart) / 1e9;
                    // Short, so that the bar stays readable in 80 columns; accuracies are in the epoch's log line.
                    bar.setExtraMessage(String.format(" loss %.2f %.0f img/s", stats.loss / stats.steps, stats.images / seconds));
                    bar.step();
                }
            }
        }
        double mstepSeconds = (System.nanoTime() - mstepStart) / 1e9;
        Double knn = null;
        Double evalSeconds = null;
        if (evaluator != null && config.knnEvery() > 0 && ((epoch + 1) % config.knnEvery() == 0 || epoch + 1 == config.epochs())) {
            long t = System.nanoTime();
            knn = evaluator.evaluate(query, epoch);
            evalSeconds = (System.nanoTime() - t) / 1e9;
        }
        return new EpochMetrics(Epochs.shown(epoch), (double) lr, stats.loss / stats.steps, stats.lossInstance / stats.steps,
                stats.protoSteps > 0 ? stats.lossProto / stats.protoSteps : null, stats.accInstance / stats.steps,
                stats.protoSteps > 0 ? stats.accProto / stats.protoSteps : null, stats.images / mstepSeconds, estepSeconds,
                mstepSeconds, knn, evalSeconds, (System.nanoTime() - start) / 1e9);
    }

    /** One M-step update (spec §3): loss, backward, SGD, EMA of the momentum encoder, enqueue. */
    private void step(Batch batch, List<PrototypeTensors> prototypes, float lr, int epoch, int step, StepStats stats) {
        int b = batch.size();
        Shape shape = new Shape(b, batch.channels(), batch.imageSize(), batch.imageSize());
        try (NDScope scope = new NDScope()) {
            NDArray view1 = Tensors.of(manager, batch.views()[0], shape);
            NDArray view2 = Tensors.of(manager, batch.views()[1], shape);
            // Keys: momentum encoder in training mode (BatchNorm on batch statistics, as MoCo), no gradient.
            NDArray k = key.embed(view2, true).stopGradient();
            float lossValue;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray q = query.embed(view1, true);
                LossTerm instance = InfoNce.compute(q, k, queue.keys(), config.temperature());
                NDArray loss = config.instanceLoss() ? instance.loss() : null; // null: the proto-only ablation
                float protoLoss = 0;
                float protoAcc = 0;
                if (!prototypes.isEmpty()) {
                    // Spec §3.4: the mean over granularities of the prototype terms.
                    NDArray protoSum = null;
                    for (int m = 0; m < prototypes.size(); m++) {
                        PrototypeTensors p = prototypes.get(m);
                        int[] positives = new int[b];
                        for (int i = 0; i < b; i++) {
                            positives[i] = p.assignments[batch.indices()[i]];
                        }
                        Random rng = new Random(Seeds.mix(config.seed(), Seeds.PROTO_NEGATIVES, epoch, step, m));
                        LossTerm term = ProtoNce.compute(q, positives, p.prototypes, p.concentration, config.queueSize(),
                                config.protoDupMask(), rng);
                        protoSum = protoSum == null ? term.loss() : protoSum.add(term.loss());
                        protoAcc += term.accuracy();
                    }
                    NDArray protoMean = Tensors.div(protoSum, prototypes.size());
                    protoLoss = protoMean.getFloat();
                    protoAcc /= prototypes.size();
                    loss = loss == null ? protoMean : loss.add(protoMean);
                }
                lossValue = loss.getFloat();
                if (!Float.isFinite(lossValue)) {
                    throw new TrainingDivergedException(epoch, step, lossValue, lastCheckpoint == null ? null : lastCheckpoint.toString());
                }
                collector.backward(loss);
                stats.add(b, lossValue, instance.loss().getFloat(), instance.accuracy(), prototypes.isEmpty() ? null : protoLoss, protoAcc);
            }
            sgd.step(lr);
            MomentumUpdate.apply(key, query, config.emaMomentum());
            queue.enqueue(k);
        }
    }

    private ProgressBar progressBar(int epoch, int steps) {
        if (!progress) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName(String.format("epoch %d/%d", Epochs.shown(epoch), config.epochs()))
                .setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .continuousUpdate()
                .build();
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format("%.4f", v);
    }

    @Override
    public void close() {
        sgd.close();
        queue.close();
        query.close();
        key.close();
        manager.close();
        runDirectory.close();
    }

    /** An E-step result as tensors for the epoch's M-step. */
    private record PrototypeTensors(NDArray prototypes, NDArray concentration, int[] assignments) {
        static PrototypeTensors of(Prototypes p, NDManager manager) {
            return new PrototypeTensors(Tensors.of(manager, p.centroids(), new Shape(p.k(), p.dim())),
                    Tensors.of(manager, p.concentration()), p.assignments());
        }
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

        void add(int batchSize, float loss, float lossInstance, float accInstance, Float lossProto, float accProto) {
            steps++;
            images += batchSize;
            this.loss += loss;
            this.lossInstance += lossInstance;
            this.accInstance += accInstance;
            if (lossProto != null) {
                protoSteps++;
                this.lossProto += lossProto;
                this.accProto += accProto;
            }
        }
    }
}
