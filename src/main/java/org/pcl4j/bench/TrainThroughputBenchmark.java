package org.pcl4j.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.pcl4j.InputException;
import org.pcl4j.data.AugmentationPolicy;
import org.pcl4j.data.Batch;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageTransform;
import org.pcl4j.data.Transforms;
import org.pcl4j.model.Devices;
import org.pcl4j.train.PclTrainer;
import org.pcl4j.train.StepResult;
import org.pcl4j.train.TrainConfig;

/**
 * {@code bench/train-throughput}: images per second of full training steps (two views, both
 * encoders, loss, backward, SGD, EMA, enqueue) after untimed warm-up steps, and of the data
 * pipeline alone, for one architecture. Prints one JSON object on stdout.
 *
 * <pre>
 * TrainThroughputBenchmark [--arch small-cnn] [--data fashion-mnist | synthetic-colour] [--limit N]
 *     [--batch-size 256] [--workers N] [--warmup-steps W] [--steps S] [--pipeline-batches 30]
 *     [--with-prototypes false] [--seed 0] [--trace DIR] [--trace-steps 3]
 * </pre>
 *
 * Defaults: small-cnn on Fashion-MNIST with 3 warm-up + 10 timed steps; any other arch on
 * synthetic 3×32×32 colour images with 1 + 2 steps (a resnet18 step takes tens of seconds on two
 * cores). {@code --with-prototypes true} runs the E-step first (untimed) so the steps include
 * ProtoNCE; by default the steps are warm-up-epoch steps (InfoNCE only). {@code --trace DIR} then
 * records {@code --trace-steps} more steps with PyTorch's profiler ({@link StepTrace}: native operations
 * per step, time inside and between them, the slowest operations) into the report's {@code trace}.
 */
public final class TrainThroughputBenchmark {
    /** Untimed batches: more than the loader prefetches, so the timed ones are made while waited for. */
    private static final int PIPELINE_WARMUP_BATCHES = org.pcl4j.data.BatchLoader.PREFETCH + 2;

    private TrainThroughputBenchmark() {}

    public static void main(String[] args) {
        BenchArgs a = new BenchArgs(args, Bench.flags("--warmup-steps", "--steps", "--pipeline-batches", "--with-prototypes",
                "--trace", "--trace-steps"));
        boolean smallCnn = org.pcl4j.model.Arch.parse(a.string("--arch", "small-cnn")) == org.pcl4j.model.Arch.SMALL_CNN;
        String data = a.string("--data", smallCnn ? "fashion-mnist" : SyntheticColorImages.SPEC);
        int warmupSteps = a.integer("--warmup-steps", smallCnn ? 3 : 1);
        int steps = a.integer("--steps", smallCnn ? 10 : 2);
        int pipelineBatches = a.integer("--pipeline-batches", 30);
        boolean withPrototypes = a.bool("--with-prototypes", false);
        int batchSize = a.integer("--batch-size", TrainConfig.Builder.DEFAULT_BATCH_SIZE);
        Path traceDir = a.has("--trace") ? Path.of(a.string("--trace", "")) : null;
        int traceSteps = traceDir == null ? 0 : a.integer("--trace-steps", 3);

        int syntheticCount = Math.max(warmupSteps + steps + traceSteps, PIPELINE_WARMUP_BATCHES + pipelineBatches) * batchSize;
        ImageSource source = Bench.openTrain(a, data, syntheticCount);
        TrainConfig.Builder builder = Bench.config(a, data);
        if (withPrototypes) {
            builder.warmupEpochs(0);
        }
        TrainConfig config = builder.build(source.size());
        JsonObject report = Bench.report("train-throughput", config, source);

        System.err.printf("train-throughput: pipeline, %d batches of %d ...%n", pipelineBatches, batchSize);
        ImageTransform augmentation = Transforms.train(config.augmentation(), source, source.imageSize());
        LoaderThroughput.Result pipeline = LoaderThroughput.measure(source, augmentation, batchSize, config.workers(),
                PIPELINE_WARMUP_BATCHES, pipelineBatches, config.seed());
        JsonObject p = new JsonObject();
        p.addProperty("batches", pipelineBatches);
        p.addProperty("images_per_s", Bench.round(pipeline.imagesPerS(), 1));
        Double perCpuS = pipeline.imagesPerCpuS();
        p.addProperty("images_per_cpu_s", perCpuS == null ? null : Bench.round(perCpuS, 1));
        report.add("pipeline", p);

        System.err.printf("train-throughput: %s, %d warm-up + %d timed steps of %d ...%n", config.arch(), warmupSteps, steps, batchSize);
        try (PclTrainer trainer = new PclTrainer(config, source, null, List.of(), Devices.newManager())) {
            StepTiming timing = measureSteps(trainer, warmupSteps, steps, traceSteps, traceDir);
            double imagesPerS = timing.imagesPerS();
            report.addProperty("with_prototypes", withPrototypes);
            report.addProperty("warmup_steps", warmupSteps);
            report.addProperty("steps", steps);
            report.addProperty("train_images_per_s", Bench.round(imagesPerS, 1));
            report.addProperty("seconds_per_step", Bench.round(batchSize / imagesPerS, 3));
            report.addProperty("loader_wait_share", Bench.round(timing.loaderWaitShare(), 4));
            if (timing.trace() != null) {
                report.add("trace", timing.trace());
            }
        }
        Bench.print(report);
    }

    /**
     * Throughput of full training steps (both views, both encoders, loss, backward, SGD, EMA,
     * enqueue) in epoch 1 (after its E-step when the prototype term is on from the start), over
     * {@code steps} steps after {@code warmupSteps} untimed ones: the trainer's own public step.
     * Each step ends by reading its loss, so the device has finished it when the step returns. With a
     * {@code traceDir}, {@code traceSteps} further steps are traced ({@link StepTrace}), untimed.
     */
    static StepTiming measureSteps(PclTrainer trainer, int warmupSteps, int steps, int traceSteps, Path traceDir) {
        long start = 0;
        long waited = 0;
        long images = 0;
        int done = 0;
        try (PclTrainer.Epoch epoch = trainer.openEpoch(0)) {
            if (epoch.numSteps() < warmupSteps + steps + traceSteps) {
                throw new InputException("--limit: the data gives " + epoch.numSteps() + " batches per epoch, fewer than the "
                        + (warmupSteps + steps + traceSteps) + " steps to measure");
            }
            Iterator<Batch> batches = epoch.batches().iterator();
            for (; done < warmupSteps + steps; done++) {
                boolean timed = done >= warmupSteps;
                if (done == warmupSteps) {
                    start = System.nanoTime();
                }
                long asked = System.nanoTime();
                Batch batch = batches.next();
                if (timed) {
                    waited += System.nanoTime() - asked;
                }
                StepResult r = epoch.step(batch);
                if (timed) {
                    images += r.images();
                }
            }
            long elapsed = System.nanoTime() - start;
            JsonObject trace = null;
            if (traceDir != null) {
                try {
                    trace = StepTrace.record(epoch, batches, traceSteps, traceDir);
                } catch (IOException e) {
                    throw new UncheckedIOException("--trace " + traceDir + ": " + e.getMessage(), e);
                }
            }
            return new StepTiming(images / (elapsed / 1e9), (double) waited / elapsed, trace);
        }
    }

    /**
     * Throughput of timed training steps.
     *
     * @param loaderWaitShare share of the timed wall time spent waiting for the data loader, during
     *     which the device is idle: the pipeline's shortfall (0 when it keeps the device fed)
     * @param trace           {@link StepTrace}'s report of the traced steps, or null
     */
    record StepTiming(double imagesPerS, double loaderWaitShare, JsonObject trace) {}
}
