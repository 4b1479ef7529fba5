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
 * small CNN whose kNN top-1 (spec §6) clearly beats the same network at its random initialisation,
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
                .epochs(Integer.getInteger("e", 6)).warmupEpochs(Integer.getInteger("w", 2)).batchSize(Integer.getInteger("b", 128))
                .queueSize(Integer.getInteger("q", 1024)).numClusters(new int[] {20, 50})
                .lr(Float.parseFloat(System.getProperty("lr", "0.03"))).emaMomentum(Float.parseFloat(System.getProperty("m", "0.999")))
                .kmeansRestarts(2).seed(1).knnEvery(0).build(train.size());
        KnnMonitor knn = new KnnMonitor(train, test, train.imageSize(), 256, config.workers(), Boolean.parseBoolean(System.getProperty("head", "true")));
        KnnMonitor knnB = new KnnMonitor(train, test, train.imageSize(), 256, config.workers(), false);

        try (PclTrainer trainer = new PclTrainer(config, train, out, null, null, false)) {
            double random = knn.evaluate(trainer.queryEncoder(), -1);
            System.out.println("KNN backbone random " + knnB.evaluate(trainer.queryEncoder(), -1));
            List<EpochMetrics> epochs = trainer.fit();
            epochs.forEach(m -> System.out.println("EPOCH " + m));
            double trained = knn.evaluate(trainer.queryEncoder(), config.epochs() - 1);
            System.out.println("KNN random " + random + " trained " + trained);
            System.out.println("KNN backbone trained " + knnB.evaluate(trainer.queryEncoder(), -1));

            assertThat(trained).as("kNN top-1 trained %.3f vs random %.3f", trained, random).isGreaterThan(random + 0.05);
            EpochMetrics firstProto = epochs.get(config.warmupEpochs());
            EpochMetrics last = epochs.get(epochs.size() - 1);
            assertThat(firstProto.lossProto()).isNotNull();
            assertThat(last.lossProto()).as("prototype loss after warm-up").isLessThan(firstProto.lossProto());
        }
    }
}
