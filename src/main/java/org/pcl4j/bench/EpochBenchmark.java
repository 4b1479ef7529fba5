package org.pcl4j.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.ImageSource;
import org.pcl4j.eval.KnnMonitor;
import org.pcl4j.train.EpochMetrics;
import org.pcl4j.train.PclTrainer;
import org.pcl4j.train.TrainConfig;

/**
 * {@code bench/epoch}: one full pcl-v2 epoch as {@code pcl4j train} runs it, with the E-step on
 * (no warm-up), then the kNN monitor; reports the epoch's metrics line split into E-step, M-step
 * and evaluation seconds. Prints one JSON object.
 *
 * <pre>
 * EpochBenchmark [--data fashion-mnist] [--limit N] [--arch small-cnn] [--batch-size 256]
 *     [--workers N] [--k 100,250,500] [--knn true] [--seed 0]
 * </pre>
 * K defaults to N/600, N/240, N/120 (100, 250, 500 for 60,000 images); the kNN test split is
 * limited like the train split.
 */
public final class EpochBenchmark {
    private EpochBenchmark() {}

    public static void main(String[] args) throws IOException {
        BenchArgs a = new BenchArgs(args, Bench.flags("--k", "--knn"));
        String data = a.string("--data", "fashion-mnist");
        boolean knn = a.bool("--knn", true);
        ImageSource source = Bench.openTrain(a, data, 60_000);
        TrainConfig config = Bench.config(a, data).epochs(1).warmupEpochs(0).knnEvery(knn ? 1 : 0).build(source.size());
        JsonObject report = Bench.report("epoch", config, source);
        report.addProperty("preset", config.preset().toString());
        com.google.gson.JsonArray ks = new com.google.gson.JsonArray();
        java.util.Arrays.stream(config.numClusters()).forEach(ks::add);
        report.add("k", ks);

        System.err.printf("epoch: %s, %d images, K = %s, kNN %s ...%n", config.arch(), source.size(),
                java.util.Arrays.toString(config.numClusters()), knn ? "on" : "off");
        KnnMonitor monitor = data.equals(SyntheticColorImages.SPEC) ? null : KnnMonitor.forRun(DataSpec.parse(data), source, config, knn);
        Path runDir = Bench.tempRunDir();
        long start = System.nanoTime();
        try (PclTrainer trainer = new PclTrainer(config, source, runDir, null, monitor, false)) {
            EpochMetrics m = trainer.fit().get(0);
            report.addProperty("estep_seconds", round(m.estepSeconds()));
            report.addProperty("mstep_seconds", Bench.round(m.mstepSeconds(), 2));
            report.addProperty("eval_seconds", round(m.evalSeconds()));
            report.addProperty("epoch_seconds", Bench.round(m.epochSeconds(), 2));
            report.addProperty("images_per_s", Bench.round(m.imagesPerS(), 1));
            report.addProperty("knn_top1", m.knnTop1());
            report.addProperty("loss", Bench.round(m.loss(), 4));
        } finally {
            Bench.deleteRecursively(runDir);
        }
        // Wall time including model construction and the checkpoint, which the metrics line leaves out.
        report.addProperty("wall_seconds", Bench.round((System.nanoTime() - start) / 1e9, 2));
        Bench.print(report);
    }

    private static Double round(Double v) {
        return v == null ? null : Bench.round(v, 2);
    }
}
