package org.pcl4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.data.ImageSource;
import org.pcl4j.model.Devices;
import org.pcl4j.train.PclTrainer;
import org.pcl4j.train.TrainConfig;

class StepTraceTest {
    @TempDir
    Path dir;

    @Test
    void topLevelOperationsAreThoseNotInsideAnotherOfTheirThread() throws Exception {
        // Thread 1: a (0-10) holds b (1-4) and c (5-9, which holds d); e (12-13) follows. Thread 2: f (2-3)
        // overlaps a in time but is its own thread's top level. The "i" event is not a complete one.
        Path trace = dir.resolve("t.json");
        Files.writeString(trace, """
                [
                {"name": "b", "ph": "X", "ts": 1, "dur": 3, "tid": 1, "pid": "CPU Functions"},
                {"name": "a", "ph": "X", "ts": 0, "dur": 10, "tid": 1, "pid": "CPU Functions"},
                {"name": "c", "ph": "X", "ts": 5, "dur": 4, "tid": 1, "pid": "CPU Functions"},
                {"name": "d", "ph": "X", "ts": 6, "dur": 1, "tid": 1, "pid": "CPU Functions"},
                {"name": "e", "ph": "X", "ts": 12, "dur": 1, "tid": 1, "pid": "CPU Functions"},
                {"name": "f", "ph": "X", "ts": 2, "dur": 1, "tid": 2, "pid": "CPU Functions"},
                {"name": "g", "ph": "i", "ts": 3, "tid": 1, "pid": "CPU Functions"}
                ]
                """);
        assertThat(StepTrace.topLevel(trace)).extracting(StepTrace.Op::name).containsExactly("a", "f", "e");
        // The object form ({"traceEvents": [...]}) reads the same.
        Files.writeString(trace, "{\"traceEvents\": " + Files.readString(trace) + "}");
        assertThat(StepTrace.topLevel(trace)).extracting(StepTrace.Op::name).containsExactly("a", "f", "e");
    }

    @Test
    void theReportSplitsEachStepIntoTimeInsideAndBetweenOperations() {
        List<StepTrace.Step> steps = List.of(
                new StepTrace.Step(List.of(new StepTrace.Op("conv", 0, 3000), new StepTrace.Op("add", 4000, 500)), 5.0),
                new StepTrace.Step(List.of(new StepTrace.Op("conv", 0, 2000), new StepTrace.Op("conv", 2500, 2000),
                        new StepTrace.Op("add", 5000, 1000)), 7.0));
        JsonObject r = StepTrace.report(steps);
        assertThat(r.get("steps").getAsInt()).isEqualTo(2);
        assertThat(r.getAsJsonArray("ops_per_step").toString()).isEqualTo("[2,3]");
        assertThat(r.getAsJsonArray("ms_in_ops").toString()).isEqualTo("[3.5,5.0]");
        assertThat(r.getAsJsonArray("ms_between_ops").toString()).isEqualTo("[1.5,2.0]");
        JsonArray top = r.getAsJsonArray("top_ops");
        // conv: 3 calls and 7 ms over 2 steps; add: 2 calls and 1.5 ms.
        assertThat(top.get(0).getAsJsonObject().get("op").getAsString()).isEqualTo("conv");
        assertThat(top.get(0).getAsJsonObject().get("per_step").getAsDouble()).isEqualTo(1.5);
        assertThat(top.get(0).getAsJsonObject().get("ms_per_step").getAsDouble()).isEqualTo(3.5);
        assertThat(top.get(1).getAsJsonObject().get("ms_per_step").getAsDouble()).isEqualTo(0.75);
    }

    @Test
    void aTracedSmallCnnStepRunsEachConvolutionOncePerEncoder() throws Exception {
        BenchArgs a = new BenchArgs(new String[] {"--limit", "96", "--batch-size", "16", "--workers", "1"}, Bench.flags());
        ImageSource source = Bench.openTrain(a, SyntheticColorImages.SPEC, 0);
        TrainConfig config = Bench.config(a, SyntheticColorImages.SPEC).build(source.size());
        Path traces = dir.resolve("trace");
        long multiDimensional;
        try (PclTrainer trainer = new PclTrainer(config, source, null, List.of(), Devices.newManager())) {
            multiDimensional = trainer.model().trainableParameters().stream()
                    .filter(p -> p.getArray().getShape().dimension() > 1).count();
            TrainThroughputBenchmark.StepTiming t = TrainThroughputBenchmark.measureSteps(trainer, 1, 1, 2, traces);
            JsonArray ops = t.trace().getAsJsonArray("ops_per_step");
            assertThat(ops).hasSize(2);
            // The same step twice issues the same operations.
            assertThat(ops.get(0).getAsInt()).isPositive().isEqualTo(ops.get(1).getAsInt());
        }
        for (int s = 1; s <= 2; s++) {
            List<StepTrace.Op> top = StepTrace.topLevel(traces.resolve("step-" + s + ".json"));
            // small-cnn has four conv-BN-ReLU layers; a step runs the query encoder on view 1 and the key encoder on view 2.
            assertThat(count(top, "aten::conv2d")).isEqualTo(8);
            assertThat(count(top, "aten::batch_norm")).isEqualTo(8);
            // BatchNorm is one native call: no axis swaps around it (SplitBatchNorm.CHANNEL_AXIS).
            assertThat(count(top, "aten::transpose")).isZero();
            // The gradient gather (ParameterVector.takeGradient) flattens only the multi-dimensional gradients (conv and
            // linear weights): biases, γ and β are 1-D already. small-cnn's forward flattens nothing.
            assertThat(count(top, "aten::flatten")).isEqualTo(multiDimensional).isPositive();
        }
    }

    /**
     * With Shuffle-BN a BatchNorm call tiles only γ and β to the splits: the running statistics stay per split
     * between steps (SplitBatchNorm), instead of being tiled before and averaged after every call.
     */
    @Test
    void aShuffleBnStepTilesOnlyGammaAndBeta() throws Exception {
        BenchArgs a = new BenchArgs(new String[] {"--limit", "192", "--batch-size", "32", "--workers", "1"}, Bench.flags());
        ImageSource source = Bench.openTrain(a, SyntheticColorImages.SPEC, 0);
        TrainConfig config = Bench.config(a, SyntheticColorImages.SPEC).build(source.size());
        assertThat(config.bnSplits()).isEqualTo(2);
        Path traces = dir.resolve("trace");
        try (PclTrainer trainer = new PclTrainer(config, source, null, List.of(), Devices.newManager())) {
            TrainThroughputBenchmark.measureSteps(trainer, 1, 1, 1, traces);
        }
        List<StepTrace.Op> top = StepTrace.topLevel(traces.resolve("step-1.json"));
        assertThat(count(top, "aten::batch_norm")).isEqualTo(8);
        assertThat(count(top, "aten::repeat")).isEqualTo(2 * 8);
        assertThat(count(top, "aten::transpose")).isZero();
    }

    private static long count(List<StepTrace.Op> ops, String name) {
        return ops.stream().filter(op -> op.name().equals(name)).count();
    }
}
