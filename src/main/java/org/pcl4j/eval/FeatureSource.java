package org.pcl4j.eval;

/**
 * Where an evaluation gets its frozen features: the one seam between the protocols of ALGORITHM.md §7 and
 * what produced the features ({@link NpyFeatureSource}: {@code .npy} files; {@link CheckpointFeatures}:
 * a checkpoint's encoder).
 */
public interface FeatureSource {
    /** Features and labels of the labelled train split (the memory / training set of the probes). */
    LabelledFeatures train();

    /** Features and labels of the test split (the queries / held-out set). */
    LabelledFeatures test();

    /** Human-readable origin for reports, e.g. the files read. */
    String description();

    /** Number of classes of both splits together. */
    default int numClasses() {
        return Math.max(train().numClasses(), test().numClasses());
    }
}
