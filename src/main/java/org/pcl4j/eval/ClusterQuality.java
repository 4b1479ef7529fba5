package org.pcl4j.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Clustering quality (ALGORITHM.md §7): cluster frozen features with K = number of classes and compare
 * the clusters with the labels by AMI and NMI ({@link ClusteringMetrics}).
 */
public final class ClusterQuality {
    private ClusterQuality() {}

    /** k-means with K = {@code k} on {@code size} features, scored against the labels by AMI and NMI. */
    public record ClusterResult(int k, int size, int numClasses, double ami, double nmi, String clustering) implements EvalReport {
        @Override
        public Table table() {
            return new Table("Clustering quality (" + clustering + ", K=" + k + ", " + size + " samples, " + numClasses + " classes)",
                    List.of("metric", "value"), List.of(List.of("AMI", Table.fmt(ami)), List.of("NMI", Table.fmt(nmi))));
        }
    }

    /** Clusters {@code features} into as many clusters as there are classes and scores them. */
    public static ClusterResult evaluate(LabelledFeatures features, Clusterer clusterer, long seed, String clustering) {
        int k = features.numClasses();
        return score(clusterer.assign(features, k, seed), features.labels(), clustering);
    }

    /** Scores given cluster assignments against the labels. */
    public static ClusterResult score(int[] assignments, int[] labels, String clustering) {
        int k = (int) Arrays.stream(assignments).distinct().count();
        int classes = (int) Arrays.stream(labels).distinct().count();
        return new ClusterResult(k, labels.length, classes, ClusteringMetrics.ami(labels, assignments),
                ClusteringMetrics.nmi(labels, assignments), clustering);
    }
}
