package org.pcl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.pcl4j.cluster.KMeans;
import org.pcl4j.cluster.KMeansResult;
import org.pcl4j.cluster.Prototypes;
import org.pcl4j.data.BatchLoader;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageTransform;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.FeatureExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The E-step of spec §2: embed every training image with the momentum encoder (evaluation
 * transform, eval mode), cluster the features once per granularity K, and estimate each cluster's
 * concentration.
 */
final class EStep {
    private static final Logger LOG = LoggerFactory.getLogger(EStep.class);

    private EStep() {}

    static List<Prototypes> run(Encoder momentumEncoder, ImageSource source, ImageTransform evalTransform, TrainConfig config,
            int epoch, NDManager manager) {
        List<Prototypes> result = new ArrayList<>();
        try (NDManager scratch = manager.newSubManager();
                BatchLoader loader = BatchLoader.evaluation(source, evalTransform, config.batchSize(), config.workers())) {
            long t0 = System.nanoTime();
            // Spec §2.1: the projection output of the momentum encoder, exactly one row per image.
            NDArray features = FeatureExtractor.extract(momentumEncoder, loader, source.size(), true, scratch);
            LOG.debug("E-step features: {} in {} s", features.getShape(), (System.nanoTime() - t0) / 1e9);
            for (int m = 0; m < config.numClusters().length; m++) {
                long t1 = System.nanoTime();
                KMeansResult clustering = KMeans.fit(features, config.kmeansConfig(m, epoch));
                result.add(Prototypes.from(clustering, config.temperature()));
                LOG.debug("E-step k-means K={}: objective {} in {} s", clustering.k(), clustering.objective(), (System.nanoTime() - t1) / 1e9);
            }
        }
        return result;
    }
}
