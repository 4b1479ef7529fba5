package org.pcl4j.cli;

import java.util.HashMap;
import java.util.Map;
import org.pcl4j.SettingException;

/**
 * The one table from the names of library settings ({@link SettingException#setting()}, the
 * components of {@code RunSettings} and {@code MethodSettings}, …) to the command-line flags that set them. Library errors
 * name settings; {@link Pcl4j} shows them to users with these flags.
 */
final class SettingFlags {
    private static final Map<String, String> FLAG = Map.ofEntries(
            Map.entry("data", "--data"),
            Map.entry("preset", "--preset"),
            Map.entry("arch", "--arch"),
            Map.entry("head", "--head"),
            Map.entry("dim", "--dim"),
            Map.entry("augmentation", "--aug"),
            Map.entry("epochs", "--epochs"),
            Map.entry("warmupEpochs", "--warmup-epochs"),
            Map.entry("batchSize", "--batch-size"),
            Map.entry("lr", "--lr"),
            Map.entry("sgdMomentum", "--sgd-momentum"),
            Map.entry("weightDecay", "--wd"),
            Map.entry("schedule", "--schedule"),
            Map.entry("lrSteps", "--lr-steps"),
            Map.entry("temperature", "--temperature"),
            Map.entry("queueSize", "--queue-size"),
            Map.entry("emaMomentum", "--moco-m"),
            Map.entry("numClusters", "--num-cluster"),
            Map.entry("protoDupMask", "--proto-dup-mask"),
            Map.entry("protoLoss", "--proto-loss"),
            Map.entry("instanceLoss", "--instance-loss"),
            Map.entry("kmeansIterations", "--kmeans-iters"),
            Map.entry("kmeansRestarts", "--kmeans-restarts"),
            Map.entry("maxPointsPerCentroid", "--max-points-per-centroid"),
            Map.entry("seed", "--seed"),
            Map.entry("workers", "--workers"),
            Map.entry("limit", "--limit"),
            Map.entry("imageSize", "--image-size"),
            Map.entry("skipBadImages", "--skip-bad-images"),
            Map.entry("knnEvery", "--knn-every"),
            Map.entry("shuffleBn", "--shuffle-bn"),
            Map.entry("symmetric", "--symmetric"),
            Map.entry("bnSplits", "--bn-splits"),
            Map.entry("out", "--out"),
            Map.entry("resume", "--resume"),
            Map.entry("fractions", "--fractions"),
            Map.entry("features", "--features"),
            Map.entry("scaling", "--scaling"),
            Map.entry("labels", "--labels"),
            Map.entry("testFeatures", "--test-features"),
            Map.entry("testLabels", "--test-labels"),
            Map.entry("device", "--device"),
            Map.entry("split", "--split"),
            Map.entry("checkpoint", "--checkpoint"),
            Map.entry("shots", "--shots"),
            Map.entry("draws", "--draws"),
            Map.entry("costs", "--costs"),
            Map.entry("solver", "--solver"),
            // KMeansConfig, as the cluster command names them
            Map.entry("k", "--k"),
            Map.entry("iterations", "--iterations"),
            Map.entry("restarts", "--restarts"),
            Map.entry("blockRows", "--block-rows"),
            Map.entry("blockCentroids", "--block-centroids"));

    private static final Map<String, String> SETTING = inverse(FLAG);

    private SettingFlags() {}

    /** The flag of {@code setting}; a setting without a flag keeps its own name. */
    static String flag(String setting) {
        return FLAG.getOrDefault(setting, setting);
    }

    /** The setting that {@code flag} (its longest name) sets, or null. */
    static String setting(String flag) {
        return SETTING.get(flag);
    }

    /** The message of {@code e} as a user of the CLI reads it: every setting written as its flag. */
    static String message(SettingException e) {
        return e.message(SettingFlags::flag);
    }

    private static Map<String, String> inverse(Map<String, String> map) {
        Map<String, String> out = new HashMap<>();
        map.forEach((k, v) -> out.put(v, k));
        return Map.copyOf(out);
    }
}
