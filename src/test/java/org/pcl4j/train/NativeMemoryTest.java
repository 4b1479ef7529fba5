package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.TestImages;

/**
 * Native memory stays flat over a run: every per-step and per-epoch NDArray is closed by its scope
 * or sub-manager, so the engine's count of live arrays is the same after epoch 6 as after epoch 2.
 *
 * <p>The count is taken on the engine's system manager, the root of every manager; DJL's
 * {@code BaseNDManager.getManagedArrays()} includes the arrays of all sub-managers. A leak of a
 * single array per training step adds one array per step to the count and fails here.
 */
class NativeMemoryTest {
    private final TestImages images = TestImages.of(64, 16, 4, 5);

    @Test
    void liveArrayCountDoesNotGrowAcrossEpochsAndESteps(@TempDir Path dir) throws IOException {
        int epochs = 6;
        // Tiny 16×16 images keep this within seconds: 4 steps of 16 per epoch, and the E-step
        // (K = 4, 8) from epoch 2 on.
        TrainConfig config = TrainerFixtures.tiny().epochs(epochs).warmupEpochs(1).batchSize(16)
                .kmeansRestarts(1).workers(1).build(images.size());
        List<Integer> counts = new ArrayList<>();
        try (PclTrainer trainer = new PclTrainer(config, images, dir, null, null, false)) {
            // Epoch 1 (warm-up) and epoch 2 (first E-step) create the long-lived state: SGD momentum
            // buffers, the queue, the parameters' gradients. From then on nothing may accumulate.
            trainer.fit(2);
            int baseline = liveArrays();
            for (int epoch = 3; epoch <= epochs; epoch++) {
                trainer.fit(epoch);
                counts.add(liveArrays());
            }
            assertThat(counts).as("live NDArrays after epochs 3..%d (after epoch 2: %d)", epochs, baseline)
                    .allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(baseline));
        }
    }

    @Test
    void theCountSeesArraysInSubManagers() {
        int before = liveArrays();
        try (NDManager base = NDManager.newBaseManager(); NDManager sub = base.newSubManager()) {
            base.create(1f);
            sub.create(new float[] {1, 2});
            sub.create(3f);
            assertThat(liveArrays() - before).isEqualTo(3);
        }
        assertThat(liveArrays()).isEqualTo(before);
    }

    /** Open NDArrays in the whole manager tree of the default engine. */
    static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            // A base manager's parent is the engine's system manager, the root of every manager.
            // BaseNDManager.getManagedArrays() recurses into sub-managers: this is every open array.
            return probe.getParentManager().getManagedArrays().size();
        }
    }
}
