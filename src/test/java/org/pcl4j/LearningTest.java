package org.pcl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageSources;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;
import org.pcl4j.eval.KnnMonitor;
import org.pcl4j.train.EpochMetrics;
import org.pcl4j.train.PclTrainer;
import org.pcl4j.train.TrainConfig;

/**
 * PCL learns on real images: on a few thousand Fashion-MNIST images, a few epochs of PCL v2 give a
 * small CNN whose kNN top-1 (ALGORITHM.md §7) clearly beats the same network at its random initialisation,
 * and the prototype loss falls once the E-steps start.
 */
@Tag("slow")
class LearningTest {
    private static final int TRAIN_IMAGES = 4096;
    private static final int TEST_IMAGES = 1000;

    @Test
    void pclBeatsRandomInitialisationOnFashionMnist(@TempDir Path out) throws Exception {
        DataSpec spec = DataSpec.parse("fashion-mnist");
        assumeTrue(Files.isDirectory(spec.dir()), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        ImageSource train = ImageSources.limit(spec.open(Split.TRAIN, SourceOptions.defaults()), TRAIN_IMAGES);
        ImageSource test = ImageSources.limit(spec.open(Split.TEST, SourceOptions.defaults()), TEST_IMAGES);
        TrainConfig config = TrainConfig.builder("fashion-mnist")
                // 32 steps per epoch: few enough that m = 0.99 (MoCo's CIFAR demo) lets the key encoder move.
                .epochs(12).warmupEpochs(3).batchSize(128).lr(0.06f).emaMomentum(0.99f).queueSize(4096)
                .numClusters(new int[] {20, 50}).kmeansRestarts(2).seed(1).knnEvery(0).build(train.size());
        KnnMonitor knn = new KnnMonitor(train, test, train.imageSize(), 256, config.workers(), true, 1);

        try (PclTrainer trainer = new PclTrainer(config, train, out, null, null, false)) {
            double random = knn.knn(trainer.model().queryEncoder()).top1();
            List<EpochMetrics> epochs = trainer.fit();
            double trained = knn.knn(trainer.model().queryEncoder()).top1();
            System.out.printf("LearningTest: kNN top-1 random init %.3f, after PCL %.3f%n", random, trained);

            assertThat(trained).as("kNN top-1 trained %.3f vs random %.3f", trained, random).isGreaterThan(random + 0.05);
            EpochMetrics firstProto = epochs.get(config.warmupEpochs());
            EpochMetrics last = epochs.get(epochs.size() - 1);
            assertThat(firstProto.lossProto()).isNotNull();
            assertThat(last.lossProto()).as("prototype loss after warm-up").isLessThan(firstProto.lossProto());
        }
    }
}
