package org.pcl4j.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.pcl4j.data.ImageSource;
import org.pcl4j.train.EStep;
import org.pcl4j.train.PclTrainer;
import org.pcl4j.train.TrainConfig;

/**
 * {@code bench/estep}: seconds of the E-step of ALGORITHM.md §2 on N images: the feature pass of the
 * momentum encoder, then the k-means of each K with the training settings (20 iterations, 5
 * restarts unless told otherwise). The encoder is freshly initialised: the feature pass costs the
 * same for any weights, and k-means runs a fixed number of iterations. Prints one JSON object.
 *
 * <pre>
 * EStepBenchmark [--data fashion-mnist] [--limit N] [--arch small-cnn] [--batch-size 256]
 *     [--workers N] [--k 100,250,500] [--kmeans-iters 20] [--kmeans-restarts 5] [--seed 0]
 * </pre>
 * K defaults to N/600, N/240, N/120 as {@code pcl4j train} (100, 250, 500 for 60,000 images).
 */
public final class EStepBenchmark {
    private EStepBenchmark() {}

    public static void main(String[] args) {
        BenchArgs a = new BenchArgs(args, Bench.flags("--k", "--kmeans-iters", "--kmeans-restarts"));
        String data = a.string("--data", "fashion-mnist");
        ImageSource source = Bench.openTrain(a, data, 60_000);
        TrainConfig.Builder builder = Bench.config(a, data).warmupEpochs(0);
        if (a.has("--kmeans-iters")) {
            builder.kmeansIterations(a.integer("--kmeans-iters", 0));
        }
        if (a.has("--kmeans-restarts")) {
            builder.kmeansRestarts(a.integer("--kmeans-restarts", 0));
        }
        TrainConfig config = builder.build(source.size());
        JsonObject report = Bench.report("estep", config, source);
        report.addProperty("kmeans_iterations", config.kmeansIterations());
        report.addProperty("kmeans_restarts", config.kmeansRestarts());

        System.err.printf("estep: %d images, K = %s ...%n", source.size(), java.util.Arrays.toString(config.numClusters()));
        Path runDir = Bench.tempRunDir();
        try (PclTrainer trainer = new PclTrainer(config, source, runDir, null, null, false)) {
            EStep.Result r = trainer.eStep(0);
            report.addProperty("feature_seconds", Bench.round(r.featureSeconds(), 3));
            report.addProperty("feature_images_per_s", Bench.round(source.size() / r.featureSeconds(), 1));
            JsonArray kmeans = new JsonArray();
            for (int m = 0; m < r.kmeansSeconds().length; m++) {
                JsonObject k = new JsonObject();
                k.addProperty("k", config.numClusters()[m]);
                k.addProperty("seconds", Bench.round(r.kmeansSeconds()[m], 3));
                kmeans.add(k);
            }
            report.add("kmeans", kmeans);
            report.addProperty("estep_seconds", Bench.round(r.seconds(), 3));
        } finally {
            Bench.deleteRecursively(runDir);
        }
        Bench.print(report);
    }
}
