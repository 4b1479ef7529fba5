package org.pcl4j.train;

/** Tiny runs for trainer tests: seconds on two cores, with the prototype term active from epoch 1. */
final class TrainerFixtures {
    private TrainerFixtures() {}

    static TrainConfig.Builder tiny() {
        return TrainConfig.builder("synthetic")
                .epochs(2).warmupEpochs(1).batchSize(32).queueSize(64).numClusters(new int[] {4, 8})
                .kmeansRestarts(2).kmeansIterations(10).workers(2).seed(7).knnEvery(0);
    }
}
