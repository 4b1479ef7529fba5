package org.pcl4j.eval;

import java.nio.file.Path;
import java.util.Arrays;
import org.pcl4j.SettingException;
import org.pcl4j.data.Npy;
import org.pcl4j.tensor.Rows;

/**
 * Frozen features of one split with their class labels: the input of every evaluation protocol
 * (ALGORITHM.md §7). Row-major {@code rows × dim} floats, as read from or written to {@code .npy}.
 *
 * @param features {@code rows * dim} floats, row {@code i} at {@code [i*dim, (i+1)*dim)}
 * @param labels   one class in {@code [0, numClasses)} per row
 */
public record LabelledFeatures(float[] features, int rows, int dim, int[] labels) {
    public LabelledFeatures {
        if (rows <= 0 || dim <= 0 || (long) rows * dim != features.length) {
            throw new IllegalArgumentException("features: " + features.length + " floats do not form " + rows + " x " + dim);
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException("labels: expected " + rows + ", got " + labels.length);
        }
        for (int y : labels) {
            if (y < 0) {
                throw new IllegalArgumentException("labels: negative class " + y);
            }
        }
    }

    /** Number of classes: the largest label plus one. */
    public int numClasses() {
        return Arrays.stream(labels).max().orElse(-1) + 1;
    }

    /** A copy of row {@code i}. */
    public float[] row(int i) {
        return Arrays.copyOfRange(features, i * dim, (i + 1) * dim);
    }

    /** The rows at {@code indices}, in that order. */
    public LabelledFeatures subset(int[] indices) {
        float[] out = new float[indices.length * dim];
        int[] y = new int[indices.length];
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(features, indices[r] * dim, out, r * dim, dim);
            y[r] = labels[indices[r]];
        }
        return new LabelledFeatures(out, indices.length, dim, y);
    }

    /**
     * Reads a float {@code .npy} of shape (N, d) and an integer {@code .npy} of N labels.
     *
     * @param featuresSetting, labelsSetting the settings the files came from (e.g. {@code features},
     *     {@code labels}), named in errors ({@link SettingException})
     */
    public static LabelledFeatures read(Path featuresFile, String featuresSetting, Path labelsFile, String labelsSetting) {
        String featuresName = "{" + featuresSetting + "} ";
        String labelsName = "{" + labelsSetting + "} ";
        Npy.FloatArray f = Npy.readFloats(featuresFile);
        if (f.shape().length != 2 || f.shape()[0] == 0 || f.shape()[1] == 0) {
            throw new SettingException(featuresSetting, featuresName + featuresFile + ": expected a non-empty 2-D float array (N, d), got shape "
                    + Arrays.toString(f.shape()));
        }
        long bad = Rows.firstNonFinite(f.data());
        if (bad >= 0) {
            throw new SettingException(featuresSetting, featuresName + featuresFile + ": NaN or infinite value (" + f.data()[(int) bad]
                    + ") at row " + bad / f.cols() + ", column " + bad % f.cols() + "; expected finite numbers");
        }
        Npy.IntArray y = Npy.readInts(labelsFile);
        if (y.data().length != f.rows()) {
            throw new SettingException(labelsSetting, labelsName + labelsFile + ": expected " + f.rows() + " labels (one per row of "
                    + featuresFile.getFileName() + "), got " + y.data().length);
        }
        for (int label : y.data()) {
            if (label < 0) {
                throw new SettingException(labelsSetting, labelsName + labelsFile + ": expected class labels >= 0, found " + label);
            }
        }
        return new LabelledFeatures(f.data(), f.rows(), f.cols(), y.data());
    }
}
