package org.pcl4j.eval;

import java.nio.file.Path;
import org.pcl4j.InputException;

/**
 * Features and labels of both splits read once from four {@code .npy} files (float32 (N, d) and
 * int (N,)), as given by {@code --features --labels --test-features --test-labels}.
 */
public final class NpyFeatureSource implements FeatureSource {
    private final LabelledFeatures train;
    private final LabelledFeatures test;
    private final String description;

    public NpyFeatureSource(Path trainFeatures, Path trainLabels, Path testFeatures, Path testLabels) {
        this.train = LabelledFeatures.read(trainFeatures, "--features", trainLabels, "--labels");
        this.test = LabelledFeatures.read(testFeatures, "--test-features", testLabels, "--test-labels");
        if (train.dim() != test.dim()) {
            throw new InputException("--test-features " + testFeatures + ": expected " + train.dim()
                    + " columns like --features, got " + test.dim());
        }
        this.description = trainFeatures + " (" + train.rows() + " x " + train.dim() + "), " + testFeatures + " (" + test.rows() + ")";
    }

    @Override
    public LabelledFeatures train() {
        return train;
    }

    @Override
    public LabelledFeatures test() {
        return test;
    }

    @Override
    public String description() {
        return description;
    }
}
