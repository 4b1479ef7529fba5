package org.pcl4j.eval;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pcl4j.InputException;

/**
 * Reads the trainer's {@code metrics.jsonl} (written by {@link org.pcl4j.train.MetricsLog}): one JSON
 * object per epoch; absent or null values are {@code null}. An epoch that appears more than once (a
 * file written by an older pcl4j across a crash) counts once, by its last line; epochs come sorted,
 * numbered from 1 (an older file numbered from 0 is renumbered).
 */
public final class MetricsLog {
    private MetricsLog() {}

    /** One epoch's numbers; names follow the keys of metrics.jsonl. */
    public record Epoch(int epoch, Double lr, Double loss, Double lossInstance, Double lossProto, Double accInstance,
                        Double accProto, Double imagesPerS, Double estepSeconds, Double knnTop1) {}

    public static List<Epoch> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read metrics (expected a metrics.jsonl written by pcl4j train)", e);
        }
        Map<Integer, Epoch> out = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                JsonElement epoch = o.get("epoch");
                if (epoch == null || epoch.isJsonNull()) {
                    throw new IllegalStateException("no \"epoch\"");
                }
                out.put(epoch.getAsInt(), new Epoch(epoch.getAsInt(), num(o, "lr"), num(o, "loss"), num(o, "loss_instance"), num(o, "loss_proto"),
                        num(o, "acc_instance"), num(o, "acc_proto"), num(o, "images_per_s"), num(o, "estep_seconds"),
                        num(o, "knn_top1")));
            } catch (RuntimeException e) {
                throw new InputException(file + ":" + (i + 1) + ": expected a JSON object with an \"epoch\" number (" + e.getMessage() + ")", e);
            }
        }
        if (out.isEmpty()) {
            throw new InputException(file + ": no epochs (expected JSON lines with an \"epoch\" key)");
        }
        if (out.containsKey(0)) {
            // A file of an older pcl4j, which numbered epochs from 0: shown 1-based like everything else.
            return out.values().stream().map(e -> new Epoch(e.epoch() + 1, e.lr(), e.loss(), e.lossInstance(), e.lossProto(),
                    e.accInstance(), e.accProto(), e.imagesPerS(), e.estepSeconds(), e.knnTop1())).toList();
        }
        return new ArrayList<>(out.values());
    }

    private static Double num(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        double v = e.getAsDouble();
        return Double.isFinite(v) ? v : null;
    }
}
