package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.IdxFixtures;
import org.pcl4j.TestImages;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;
import org.pcl4j.model.CustomBackbone;
import org.pcl4j.model.Encoder;
import org.pcl4j.train.Pcl;

/** The CLI cannot rebuild a backbone given from Java: its commands fail on such a run with one line naming it. */
class CustomBackboneCliTest {
    @TempDir
    Path dir;

    @Test
    void commandsOnARunWithACustomBackboneFailWithOneLineNamingIt() throws Exception {
        String data = "fashion-mnist:" + IdxFixtures.write(dir.resolve("data"), TestImages.of(128, 28, 4, 1), TestImages.of(32, 28, 4, 2));
        ImageSource train = DataSpec.parse(data).open(Split.TRAIN, SourceOptions.defaults());
        // (a run from Java names its data by the source's description; --data gives the CLI the spec)
        CustomBackbone net = new CustomBackbone("my-net", 8, () -> new SequentialBlock()
                .add(Conv2d.builder().setFilters(8).setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2)).build())
                .add(Activation.reluBlock()).add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock()));
        Path run = dir.resolve("run");
        try (Encoder encoder = Pcl.builder(train).backbone(net).epochs(1).logEpochs(false)
                .configure(c -> c.batchSize(32).warmupEpochs(0).numClusters(new int[] {4}).workers(1)).outDir(run).build().fit()) {
            assertThat(encoder.featureWidth()).isEqualTo(8);
        }
        for (String[] command : new String[][] {
                {"embed", "--checkpoint", run.toString(), "--data", data, "--split", "test", "--out", dir.resolve("e").toString()},
                {"eval", "knn", "--checkpoint", run.toString(), "--data", data}}) {
            PrintStream saved = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = Pcl4j.run(command);
            } finally {
                System.setErr(saved);
            }
            String err = captured.toString(StandardCharsets.UTF_8);
            assertThat(code).as(command[0]).isEqualTo(Pcl4j.EXIT_USAGE);
            assertThat(err.lines().filter(l -> l.startsWith("pcl4j: error:")).toList()).as(err).singleElement()
                    .asString().contains("'my-net'", "Checkpoint.loadEncoder");
        }
    }
}
