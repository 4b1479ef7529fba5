package org.pcl4j.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.pcl4j.data.Batch;
import org.pcl4j.train.PclTrainer;

/**
 * Where the host's time goes inside training steps, from PyTorch's profiler (through DJL's
 * {@code JniUtils.startProfile}): each traced step is recorded to its own Chrome-trace file, and
 * the report counts the step's top-level native operations (each one JNI call from pcl4j or one node
 * of the autograd engine; on a GPU each computing one is a kernel launch) and splits the step's wall
 * time into time inside them and time between them (Java's own work, and the native frees of the
 * arrays the step closes, which the profiler does not record as operations).
 *
 * <p>Why: at 32 px a ResNet-18 step on a GPU is short enough that the host issuing operations one at a
 * time can hold the device back (docs/BENCHMARKS.md, "What remains (GPU)"). The profiler runs in CPU
 * mode on every device: on a GPU an operation's host time is its launch, and a read that waits for the
 * device shows as one long operation (the step's figures, read once at its end), so "waiting for the
 * device" and "host-bound" are told apart without CUDA events, which would add their own cost to every
 * operation.
 */
final class StepTrace {
    /** How many of the slowest operation names the report lists. */
    static final int TOP = 10;

    private StepTrace() {}

    /** One traced step: its top-level operations in start order, and its wall time. */
    record Step(List<Op> ops, double wallMs) {
        double opMs() {
            return ops.stream().mapToDouble(Op::durUs).sum() / 1000;
        }
    }

    /** A top-level operation of a trace: not inside another one on the same thread. */
    record Op(String name, double startUs, double durUs) {}

    /**
     * Runs {@code steps} steps of {@code epoch}, each recorded to {@code dir/step-N.json}, and returns
     * the report (see {@link #report}).
     */
    static JsonObject record(PclTrainer.Epoch epoch, Iterator<Batch> batches, int steps, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Step> traced = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            Batch batch = batches.next();
            Path file = dir.resolve("step-" + (s + 1) + ".json");
            JniUtils.startProfile(false, false, false);
            long start = System.nanoTime();
            try {
                epoch.step(batch);
            } finally {
                long wall = System.nanoTime() - start;
                JniUtils.stopProfile(file.toString());
                traced.add(new Step(topLevel(file), wall / 1e6));
            }
        }
        JsonObject report = report(traced);
        report.addProperty("trace_dir", dir.toString());
        return report;
    }

    /**
     * Per step: top-level operations, ms inside them, ms between them, wall ms; and the {@link #TOP}
     * operation names with the most time inside them, per step, over all traced steps.
     */
    static JsonObject report(List<Step> steps) {
        JsonObject o = new JsonObject();
        JsonArray count = new JsonArray();
        JsonArray inside = new JsonArray();
        JsonArray between = new JsonArray();
        JsonArray wall = new JsonArray();
        Map<String, double[]> byName = new HashMap<>(); // name -> {count, µs}
        for (Step s : steps) {
            count.add(s.ops().size());
            inside.add(Bench.round(s.opMs(), 2));
            between.add(Bench.round(Math.max(0, s.wallMs() - s.opMs()), 2));
            wall.add(Bench.round(s.wallMs(), 2));
            for (Op op : s.ops()) {
                double[] t = byName.computeIfAbsent(op.name(), k -> new double[2]);
                t[0]++;
                t[1] += op.durUs();
            }
        }
        o.addProperty("steps", steps.size());
        o.add("ops_per_step", count);
        o.add("ms_in_ops", inside);
        o.add("ms_between_ops", between);
        o.add("ms_per_step", wall);
        JsonArray top = new JsonArray();
        byName.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[1]))
                .limit(TOP)
                .forEach(e -> {
                    JsonObject row = new JsonObject();
                    row.addProperty("op", e.getKey());
                    row.addProperty("per_step", Bench.round(e.getValue()[0] / steps.size(), 1));
                    row.addProperty("ms_per_step", Bench.round(e.getValue()[1] / 1000 / steps.size(), 3));
                    top.add(row);
                });
        o.add("top_ops", top);
        return o;
    }

    /**
     * The top-level operations of a Chrome trace written by the profiler (a JSON array of events, or an
     * object with {@code traceEvents}): complete events ({@code "ph": "X"}) not nested in an earlier one
     * of the same thread, in start order.
     */
    static List<Op> topLevel(Path trace) throws IOException {
        JsonElement root;
        try (Reader r = Files.newBufferedReader(trace)) {
            root = JsonParser.parseReader(r);
        }
        JsonArray events = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
        Map<String, List<Op>> byThread = new HashMap<>();
        for (JsonElement e : events) {
            JsonObject ev = e.getAsJsonObject();
            if (!ev.has("ph") || !"X".equals(ev.get("ph").getAsString())) {
                continue;
            }
            String thread = ev.get("pid") + "/" + ev.get("tid");
            byThread.computeIfAbsent(thread, k -> new ArrayList<>())
                    .add(new Op(ev.get("name").getAsString(), ev.get("ts").getAsDouble(), ev.get("dur").getAsDouble()));
        }
        List<Op> top = new ArrayList<>();
        for (List<Op> ops : byThread.values()) {
            // Parents start no later than their children and last longer: start order, longest first.
            ops.sort(Comparator.comparingDouble(Op::startUs).thenComparingDouble(op -> -op.durUs()));
            double end = Double.NEGATIVE_INFINITY;
            for (Op op : ops) {
                if (op.startUs() >= end) {
                    top.add(op);
                    end = op.startUs() + op.durUs();
                }
            }
        }
        top.sort(Comparator.comparingDouble(Op::startUs));
        return top;
    }
}
