package org.pcl4j.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Clustering quality (ALGORITHM.md §7): cluster frozen features with K = number of classes and compare
 * the clusters with the labels by AMI and NMI ({@link ClusteringMetrics}).
 */
public final class ClusterQuality {
    /** How features are scaled before k-means unless told otherwise. */
    public static final FeatureScaling DEFAULT_SCALING = FeatureScaling.NONE;

    private ClusterQuality() {}

    /** k-means with K = {@code k} on {@code size} features, scored against the labels by AMI and NMI. */
    public record ClusterResult(int k, int size, int numClasses, double ami, double nmi, String clustering) implements EvalReport {
        @Override
        public Table table() {
            return new Table("Clustering quality (" + clustering + ", K=" + k + ", " + size + " samples, " + numClasses + " classes)",
                    List.of("metric", "value"), List.of(List.of("AMI", Table.fmt(ami)), List.of("NMI", Table.fmt(nmi))));
        }
    }

    /**
     * Clusters {@code features}, scaled by {@code scaling}, into as many clusters as there are classes
     * and scores them; the report names the clustering as "{@code clustering} on (the scaling)".
     */
    public static ClusterResult evaluate(LabelledFeatures features, FeatureScaling scaling, Clusterer clusterer, long seed,
                                         String clustering) {
        features = LabelledFeatures.withDenseLabels(features)[0]; // K = the number of distinct labels, whatever their values
        int k = features.numClasses();
        LabelledFeatures scaled = scaling.fit(features).apply(features);
        return score(clusterer.assign(scaled, k, seed), features.labels(), clustering + " on " + scaling.describe());
    }

    /** Scores given cluster assignments against the labels. */
    public static ClusterResult score(int[] assignments, int[] labels, String clustering) {
        int k = (int) Arrays.stream(assignments).distinct().count();
        int classes = (int) Arrays.stream(labels).distinct().count();
        return new ClusterResult(k, labels.length, classes, ClusteringMetrics.ami(labels, assignments),
                ClusteringMetrics.nmi(labels, assignments), clustering);
    }
}
