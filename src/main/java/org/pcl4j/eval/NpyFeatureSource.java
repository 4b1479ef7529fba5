package org.pcl4j.eval;

import java.nio.file.Path;
import org.pcl4j.SettingException;

/**
 * Features and labels of both splits read once from four {@code .npy} files (float32 (N, d) and
 * int (N,)); errors name the settings {@code features}, {@code labels}, {@code testFeatures},
 * {@code testLabels}.
 */
public final class NpyFeatureSource {
    private NpyFeatureSource() {}

    public static FeatureSplits read(Path trainFeatures, Path trainLabels, Path testFeatures, Path testLabels) {
        LabelledFeatures train = LabelledFeatures.read(trainFeatures, "features", trainLabels, "labels");
        LabelledFeatures test = LabelledFeatures.read(testFeatures, "testFeatures", testLabels, "testLabels");
        if (train.dim() != test.dim()) {
            throw new SettingException("testFeatures", "{testFeatures} " + testFeatures + ": expected " + train.dim()
                    + " columns like {features}, got " + test.dim());
        }
        return new FeatureSplits(train, test,
                trainFeatures + " (" + train.rows() + " x " + train.dim() + "), " + testFeatures + " (" + test.rows() + ")");
    }
}
