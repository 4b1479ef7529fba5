package org.pcl4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.pcl4j.InputException;
import org.pcl4j.data.BatchLoader;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageSources;
import org.pcl4j.data.ImageTransform;
import org.pcl4j.data.Normalization;
import org.pcl4j.data.Npy;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;
import org.pcl4j.data.Transforms;
import org.pcl4j.model.Arch;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.EncoderConfig;
import org.pcl4j.model.FeatureExtractor;
import org.pcl4j.model.Head;
import org.pcl4j.model.SharedEngine;

/**
 * The Java half of {@code bench/quality} (the script runs {@code pcl4j train/embed/eval} for the
 * trained rows). Modes, first argument:
 * <ul>
 *   <li>{@code pixels --data SPEC --split train|test --out F.npy [--limit N] [--image-size S]}: the
 *       raw-pixel baseline: the evaluation view of every image (the encoders' input: resize + centre
 *       crop), un-normalised to [0, 1], as N × (C·S·S) floats, labels to {@code F.labels.npy};</li>
 *   <li>{@code random ... [--arch A] [--seed S]}: backbone features of the same encoder at its
 *       random initialisation (eval mode), as {@code pcl4j embed} writes them;</li>
 *   <li>{@code slice --in F.npy --out G.npy --from A --to B}: rows [A, B) of features and labels
 *       (the benchmark's validation split is carved from the training data this way);</li>
 *   <li>{@code count --data SPEC [--image-size S]}: prints the number of training images;</li>
 *   <li>{@code report --rows DIR --data SPEC}: reads each row's eval JSON files and prints one JSON
 *       object per row and a Markdown table.</li>
 * </ul>
 */
public final class QualityBench {
    private QualityBench() {}

    public static void main(String[] argv) throws IOException {
        if (argv.length == 0) {
            throw new InputException("expected a mode: pixels | random | slice | count | report");
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        switch (argv[0]) {
            case "pixels", "random" -> features(argv[0], new BenchArgs(rest, "--data", "--split", "--out", "--limit", "--image-size",
                    "--arch", "--seed"));
            case "slice" -> slice(new BenchArgs(rest, "--in", "--out", "--from", "--to"));
            case "count" -> {
                BenchArgs args = new BenchArgs(rest, "--data", "--image-size");
                System.out.println(DataSpec.parse(args.string("--data", "fashion-mnist"))
                        .open(Split.TRAIN, new SourceOptions(args.integer("--image-size", 0), false)).size());
            }
            case "report" -> report(new BenchArgs(rest, "--rows", "--data"));
            default -> throw new InputException(argv[0] + ": expected a mode: pixels | random | slice | count | report");
        }
    }

    private static Path required(BenchArgs args, String flag) {
        if (!args.has(flag)) {
            throw new InputException(flag + " is required");
        }
        return Path.of(args.string(flag, ""));
    }

    static Path labelsOf(Path features) {
        String name = features.getFileName().toString();
        return features.resolveSibling((name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name) + ".labels.npy");
    }

    private static void features(String mode, BenchArgs args) throws IOException {
        String splitName = args.string("--split", "train");
        Split split = switch (splitName) {
            case "train" -> Split.TRAIN;
            case "test" -> Split.TEST;
            default -> throw new InputException("--split: expected train or test, got '" + splitName + "'");
        };
        Path out = required(args, "--out");
        int limit = args.integer("--limit", 0);
        ImageSource source = DataSpec.parse(args.string("--data", "fashion-mnist"))
                .open(split, new SourceOptions(args.integer("--image-size", 0), false));
        if (limit > 0) {
            source = ImageSources.limit(source, limit);
        }
        ImageTransform view = Transforms.eval(source, source.imageSize());
        int n = source.size();
        float[] x;
        int d;
        if (mode.equals("pixels")) {
            d = view.outputLength();
            x = pixels(source, view);
        } else {
            EncoderConfig cfg = new EncoderConfig(Arch.parse(args.string("--arch", "small-cnn")), Head.MLP, EncoderConfig.DEFAULT_DIM,
                    source.channels(), source.imageSize());
            try (NDManager manager = NDManager.newBaseManager();
                    Encoder encoder = SharedEngine.seeded(args.integer("--seed", 0), () -> Encoder.create(cfg, manager));
                    BatchLoader loader = BatchLoader.evaluation(source, view, 256, 2)) {
                NDArray f = FeatureExtractor.extract(encoder, loader, n, false, manager);
                d = (int) f.getShape().get(1);
                x = f.toFloatArray();
            }
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = source.hasLabels() ? source.label(i) : -1;
        }
        Npy.write(out, x, n, d);
        Npy.write(labelsOf(out), y, n);
        System.err.printf(Locale.ROOT, "bench/quality: %s features %d × %d of %s (%s split) → %s%n", mode, n, d, source.description(),
                splitName, out);
    }

    private static float[] pixels(ImageSource source, ImageTransform view) {
        int n = source.size();
        int d = view.outputLength();
        int plane = view.outputSize() * view.outputSize();
        Normalization norm = source.normalization();
        float[] x = new float[Math.multiplyExact(n, d)];
        SplittableRandom unused = new SplittableRandom(0); // the evaluation view draws nothing
        for (int i = 0; i < n; i++) {
            view.apply(source.image(i), unused, x, i * d);
            for (int j = 0; j < d; j++) {
                int c = j / plane;
                x[i * d + j] = x[i * d + j] * norm.std()[c] + norm.mean()[c];
            }
        }
        return x;
    }

    private static void slice(BenchArgs args) throws IOException {
        Path in = required(args, "--in");
        Path out = required(args, "--out");
        Npy.FloatArray f = Npy.readFloats(in);
        int[] labels = Npy.readInts(labelsOf(in)).data();
        int rows = f.rows();
        int d = f.cols();
        int from = args.integer("--from", 0);
        int to = args.integer("--to", rows);
        if (from < 0 || to > rows || from >= to) {
            throw new InputException("--from " + from + " --to " + to + ": expected 0 <= from < to <= " + rows + " rows of " + in);
        }
        Npy.write(out, Arrays.copyOfRange(f.data(), from * d, to * d), to - from, d);
        Npy.write(labelsOf(out), Arrays.copyOfRange(labels, from, to), to - from);
    }

    /** Columns of the table: JSON key, heading. */
    private static final String[][] COLUMNS = {
        {"row", "row"}, {"budget", "budget"}, {"train_images", "train images"}, {"epochs", "epochs"}, {"train_seconds", "train s"}, {"knn_top1", "kNN top-1 (k=200)"},
        {"linear_top1", "linear top-1"}, {"cluster_ami", "k-means AMI"}, {"cluster_nmi", "k-means NMI"},
        {"lowshot_1", "SVM 1-shot"}, {"lowshot_4", "SVM 4-shot"}, {"lowshot_16", "SVM 16-shot"}};

    private static void report(BenchArgs args) throws IOException {
        Path dir = required(args, "--rows");
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Path> rowDirs;
        try (Stream<Path> s = Files.list(dir)) {
            rowDirs = s.filter(p -> Files.isRegularFile(p.resolve("row.json"))).sorted().toList();
        }
        for (Path r : rowDirs) {
            JsonObject meta = read(r.resolve("row.json"));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("benchmark", "quality");
            row.put("data", args.string("--data", "?"));
            for (Map.Entry<String, JsonElement> e : meta.entrySet()) {
                JsonElement v = e.getValue();
                row.put(e.getKey(), v.isJsonNull() ? null : v.isJsonPrimitive() ? primitive(v) : v.toString());
            }
            JsonObject knn = result(r.resolve("knn.json"));
            JsonObject linear = result(r.resolve("linear.json"));
            JsonObject cluster = result(r.resolve("cluster.json"));
            JsonObject lowshot = result(r.resolve("lowshot.json"));
            row.put("knn_top1", number(knn, "top1"));
            row.put("linear_top1", number(linear, "top1"));
            row.put("linear_cost", number(linear, "cost"));
            row.put("cluster_ami", number(cluster, "ami"));
            row.put("cluster_nmi", number(cluster, "nmi"));
            row.put("eval_train_size", knn == null ? null : knn.get("trainSize").getAsInt());
            row.put("eval_test_size", knn == null ? null : knn.get("testSize").getAsInt());
            if (lowshot != null) {
                for (JsonElement shot : lowshot.getAsJsonArray("shots")) {
                    JsonObject o = shot.getAsJsonObject();
                    int k = o.get("k").getAsInt();
                    row.put("lowshot_" + k, o.get("meanTop1").getAsDouble());
                    row.put("lowshot_" + k + "_std", o.get("stdTop1").getAsDouble());
                }
            }
            rows.add(row);
            System.out.println(new com.google.gson.GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues().create().toJson(row));
        }
        StringBuilder md = new StringBuilder("\n|");
        StringBuilder rule = new StringBuilder("|");
        for (String[] c : COLUMNS) {
            md.append(' ').append(c[1]).append(" |");
            rule.append("---|");
        }
        md.append('\n').append(rule).append('\n');
        for (Map<String, Object> row : rows) {
            md.append('|');
            for (String[] c : COLUMNS) {
                Object v = row.get(c[0]);
                String text = v == null ? "—" : v instanceof Double dv
                        ? (c[0].equals("train_seconds") ? String.format(Locale.ROOT, "%.0f", dv) : String.format(Locale.ROOT, "%.3f", dv))
                        : String.valueOf(v);
                md.append(' ').append(text).append(" |");
            }
            md.append('\n');
        }
        System.out.print(md);
    }

    private static Object primitive(JsonElement e) {
        var p = e.getAsJsonPrimitive();
        if (p.isNumber()) {
            double d = p.getAsDouble();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
        }
        return p.isBoolean() ? p.getAsBoolean() : p.getAsString();
    }

    private static JsonObject read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    private static JsonObject result(Path file) throws IOException {
        return Files.isRegularFile(file) ? read(file).getAsJsonObject("result") : null;
    }

    private static Double number(JsonObject o, String key) {
        return o == null || !o.has(key) || o.get(key).isJsonNull() ? null : o.get(key).getAsDouble();
    }
}
