package org.pcl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.pcl4j.cluster.Granularities;
import org.pcl4j.cluster.Prototypes;
import org.pcl4j.data.BatchLoader;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageTransform;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.FeatureExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The E-step of ALGORITHM.md §2: embed every training image with the momentum encoder (evaluation
 * transform, eval mode), cluster the features once per granularity K, and estimate each cluster's
 * concentration ({@link Granularities#cluster}, with the epoch's seed {@link TrainConfig#kmeansConfig(int)}).
 * Features that are not finite mean the training diverged: {@link TrainingDivergedException}.
 */
public final class EStep {
    private static final Logger LOG = LoggerFactory.getLogger(EStep.class);

    private EStep() {}

    /** The prototypes of every granularity and where the time went. */
    public record Result(List<Prototypes> prototypes, double featureSeconds, double[] kmeansSeconds) {
        public double seconds() {
            return featureSeconds + java.util.Arrays.stream(kmeansSeconds).sum();
        }
    }

    static Result run(Encoder momentumEncoder, ImageSource source, ImageTransform evalTransform, TrainConfig config,
            int epoch, NDManager manager, String lastCheckpoint) {
        List<Prototypes> result = new ArrayList<>();
        double featureSeconds;
        double[] kmeansSeconds = new double[config.numClusters().length];
        try (NDManager scratch = manager.newSubManager();
                BatchLoader loader = BatchLoader.evaluation(source, evalTransform, config.batchSize(), config.workers())) {
            long t0 = System.nanoTime();
            // Spec §2.1: the projection output of the momentum encoder, exactly one row per image.
            NDArray features = FeatureExtractor.extract(momentumEncoder, loader, source.size(), true, scratch);
            featureSeconds = (System.nanoTime() - t0) / 1e9;
            LOG.debug("E-step features: {} in {} s", features.getShape(), featureSeconds);
            long nonFinite = features.isNaN().logicalOr(features.isInfinite()).countNonzero().getLong();
            if (nonFinite > 0) {
                // Not bad input: the momentum encoder itself produced these numbers.
                throw TrainingDivergedException.nonFiniteFeatures(epoch, nonFinite, lastCheckpoint);
            }
            List<Granularities.Level> levels = Granularities.cluster(features, config.numClusters(), config.kmeansConfig(epoch),
                    config.temperature(), level -> LOG.debug("E-step k-means K={}: objective {} in {} s, {} re-seeds",
                            level.clustering().k(), level.clustering().objective(), level.seconds(), level.clustering().reseeds()));
            for (int m = 0; m < levels.size(); m++) {
                result.add(levels.get(m).prototypes());
                kmeansSeconds[m] = levels.get(m).seconds();
            }
        }
        return new Result(result, featureSeconds, kmeansSeconds);
    }
}
