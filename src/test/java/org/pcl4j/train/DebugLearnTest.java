package org.pcl4j.train;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.TestImages;

class DebugLearnTest {
    @Test
    void run(@TempDir Path dir) throws Exception {
        TestImages images = TestImages.of(512, 28, 8, 3);
        TrainConfig config = TrainConfig.builder("x").preset(Preset.MOCO_V2).epochs(6).batchSize(64).queueSize(256)
                .lr(Float.parseFloat(System.getProperty("lr", "0.03"))).seed(1).knnEvery(0).workers(1).emaMomentum(Float.parseFloat(System.getProperty("m", "0.999"))).batchSize(Integer.parseInt(System.getProperty("b", "64"))).build(images.size());
        try (PclTrainer t = new PclTrainer(config, images, dir, null, null, false)) {
            for (EpochMetrics m : t.fit()) {
                System.out.println("EPOCH " + m.epoch() + " lr " + m.lr() + " loss " + m.lossInstance() + " acc " + m.accInstance());
            }
        }
    }
}
