package org.pcl4j.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageSources;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;
import org.pcl4j.model.Devices;
import org.pcl4j.train.TrainConfig;

/**
 * What the benchmark mains share: the common flags, opening the data, building the
 * {@link TrainConfig} the way {@code pcl4j train} does, and the one JSON object each prints.
 */
final class Bench {
    /** Flags every benchmark main accepts; each main adds its own. */
    static final String[] COMMON_FLAGS = {"--data", "--limit", "--arch", "--batch-size", "--workers", "--seed", "--device", "--image-size", "--queue-size",
            "--bn-splits", "--symmetric"};
    /** Side of the synthetic colour images by default ({@code --image-size}): CIFAR's. */
    static final int SYNTHETIC_SIZE = 32;
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private Bench() {}

    static String[] flags(String... own) {
        return Stream.concat(Stream.of(COMMON_FLAGS), Stream.of(own)).toArray(String[]::new);
    }

    /**
     * The training images: a {@link DataSpec} as {@code --data} of the CLI takes it (first
     * {@code --limit} images, at {@code --image-size} as train's flag), or
     * {@link SyntheticColorImages#SPEC} with {@code --limit} (default {@code syntheticCount}) seeded
     * images of side {@code --image-size} (default {@link #SYNTHETIC_SIZE}).
     */
    static ImageSource openTrain(BenchArgs args, String data, int syntheticCount) {
        int limit = args.integer("--limit", 0);
        if (data.equals(SyntheticColorImages.SPEC)) {
            return new SyntheticColorImages(limit > 0 ? limit : syntheticCount, args.integer("--image-size", SYNTHETIC_SIZE), args.integer("--seed", 0));
        }
        ImageSource source = DataSpec.parse(data).open(Split.TRAIN, new SourceOptions(args.integer("--image-size", 0), false));
        return limit > 0 ? ImageSources.limit(source, limit) : source;
    }

    /** The config {@code pcl4j train} would build from the same flags (defaults: pcl-v2, small-cnn, batch 256). */
    static TrainConfig.Builder config(BenchArgs args, String data) {
        Devices.select(args.string("--device", Devices.DEFAULT));
        TrainConfig.Builder b = TrainConfig.builder(data)
                .limit(args.integer("--limit", 0))
                .imageSize(args.integer("--image-size", 0)) // as openTrain: the kNN monitor's test split at the same size
                .arch(org.pcl4j.model.Arch.parse(args.string("--arch", "small-cnn")))
                .batchSize(args.integer("--batch-size", TrainConfig.Builder.DEFAULT_BATCH_SIZE))
                .seed(args.integer("--seed", (int) TrainConfig.Builder.DEFAULT_SEED));
        if (args.has("--workers")) {
            b.workers(args.integer("--workers", 1));
        }
        if (args.has("--k")) {
            b.numClusters(args.ints("--k"));
        }
        if (args.has("--queue-size")) {
            b.queueSize(args.integer("--queue-size", 0));
        }
        if (args.has("--bn-splits")) { // as train's --bn-splits; 1 turns Shuffle-BN off (train's --no-shuffle-bn)
            int splits = args.integer("--bn-splits", 1);
            b.shuffleBn(splits > 1).bnSplits(splits);
        }
        b.symmetric(args.bool("--symmetric", false)); // as train's --symmetric (ALGORITHM.md §3.8)
        return b;
    }

    /** The start of a report: what ran where, and how loaded the machine was before it started. */
    static JsonObject report(String benchmark, TrainConfig config, ImageSource source) {
        JsonObject o = new JsonObject();
        o.addProperty("benchmark", benchmark);
        o.addProperty("arch", config.arch().cliName());
        o.addProperty("data", source.description());
        o.addProperty("images", source.size());
        o.addProperty("channels", source.channels());
        o.addProperty("image_size", source.imageSize());
        o.addProperty("batch_size", config.batchSize());
        o.addProperty("queue", config.queueSize());
        o.addProperty("bn_splits", config.shuffleBn() ? config.bnSplits() : 1);
        o.addProperty("symmetric", config.symmetric());
        o.addProperty("device", Devices.current().toString());
        o.addProperty("workers", config.workers());
        // DJL's default (property unset) is PyTorch's: one intra-op thread per core.
        o.addProperty("torch_threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        o.addProperty("cores", Runtime.getRuntime().availableProcessors());
        o.add("load_average_start", loadAverage());
        return o;
    }

    /** Adds the closing load average and the peak RSS, and prints the report as one line of JSON on stdout. */
    static void print(JsonObject report) {
        report.add("load_average_end", loadAverage());
        report.addProperty("peak_rss_mb", Math.round(peakRssMb() * 10) / 10.0);
        System.out.println(GSON.toJson(report));
    }

    /** VmHWM of /proc/self/status: the peak resident set size of this process in MB, -1 where unknown. */
    static double peakRssMb() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmHWM:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0).orElse(-1.0);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The 1, 5 and 15 minute load averages of /proc/loadavg (empty where unknown). */
    static JsonArray loadAverage() {
        JsonArray a = new JsonArray();
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            for (int i = 0; i < 3; i++) {
                a.add(Double.parseDouble(fields[i]));
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the figures go without a load average.
        }
        return a;
    }

    static double round(double v, int decimals) {
        double scale = StrictMath.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }

    static Path tempRunDir() {
        try {
            return Files.createTempDirectory("pcl4j-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
