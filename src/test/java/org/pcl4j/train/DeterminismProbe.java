package org.pcl4j.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.pcl4j.TestImages;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageSources;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;

/**
 * A short training run that prints every step's numbers as exact bit patterns, for {@link
 * StressDeterminismTest}: it runs in child JVMs of various heap sizes and collectors, and the
 * outputs must be equal byte for byte.
 *
 * <p>Usage: {@code DeterminismProbe [--gc-hammer]}. Four epochs of 8 steps on 1,024 Fashion-MNIST
 * images (synthetic images when the Debian package is absent), the prototype term on from epoch 2,
 * so three E-steps are crossed. {@code --gc-hammer} runs {@code System.gc()} in a loop beside it.
 */
public final class DeterminismProbe {
    private DeterminismProbe() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--gc-hammer")) {
            Thread hammer = new Thread(() -> {
                while (true) {
                    System.gc();
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "gc-hammer");
            hammer.setDaemon(true);
            hammer.start();
        }
        DataSpec spec = DataSpec.parse("fashion-mnist");
        ImageSource images = Files.isDirectory(spec.dir())
                ? ImageSources.limit(spec.open(Split.TRAIN, SourceOptions.defaults()), 1024)
                : TestImages.of(1024, 28, 10, 5);
        TrainConfig config = TrainConfig.builder("fashion-mnist").epochs(4).warmupEpochs(1).batchSize(128).lr(0.06f)
                .emaMomentum(0.99f).queueSize(1024).numClusters(new int[] {10, 20}).kmeansRestarts(2).workers(2).seed(3)
                .knnEvery(0).build(images.size());
        List<String> lines = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onStep(PclTrainer trainer, StepResult s) {
                lines.add(String.format("epoch %d step %d loss %08x instance %08x proto %s spread %08x", s.epoch(), s.step(),
                        Float.floatToIntBits(s.loss()), Float.floatToIntBits(s.lossInstance()),
                        s.lossProto() == null ? "-" : Integer.toHexString(Float.floatToIntBits(s.lossProto())),
                        Float.floatToIntBits(s.embeddingSpread())));
            }
        };
        try (PclTrainer trainer = new PclTrainer(config, images, null, List.of(record), NDManager.newBaseManager())) {
            trainer.fit();
            long hash = 1;
            for (Parameter p : trainer.model().momentumEncoder().allParameters()) {
                for (float v : p.getArray().toFloatArray()) {
                    hash = hash * 31 + Float.floatToIntBits(v);
                }
            }
            lines.add(String.format("momentum encoder %016x", hash));
        }
        lines.forEach(System.out::println);
    }
}
