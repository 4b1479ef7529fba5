package org.pcl4j.eval;

/** Features of both splits, however they were obtained ({@code .npy} files or a checkpoint's encoder). */
public record FeatureSplits(LabelledFeatures train, LabelledFeatures test, String description) implements FeatureSource {}
