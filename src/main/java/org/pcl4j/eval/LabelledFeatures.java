package org.pcl4j.eval;

import java.nio.file.Path;
import java.util.Arrays;
import org.pcl4j.InputException;
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
        // InputException, as for files: the caller's data is wrong, and the CLI and a program report it alike
        if (rows <= 0 || dim <= 0 || (long) rows * dim != features.length) {
            throw new InputException("features: " + features.length + " floats do not form " + rows + " x " + dim);
        }
        if (labels.length != rows) {
            throw new InputException("labels: expected " + rows + ", got " + labels.length);
        }
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0) {
                throw new InputException("labels: negative class " + labels[i] + " at row " + i + "; expected class ids >= 0");
            }
        }
        // Here, not only where files are read: features built in Java reach every protocol through this
        // constructor, and one NaN in the memory makes every kNN vote NaN (top-1 0, no error).
        String nonFinite = Rows.nonFinite(features, dim);
        if (nonFinite != null) {
            throw new InputException("features: " + nonFinite);
        }
    }

    /**
     * Train and test as every two-split protocol ({@link Knn}, {@link LinearProbe}, {@link LowShot}) takes them:
     * checked to have the same columns, with {@link #withDenseLabels} applied. Without the check a test
     * split with fewer columns is scored against a model of other features (a number, not an error), and
     * one with more reads past the train statistics.
     */
    static LabelledFeatures[] trainAndTest(LabelledFeatures train, LabelledFeatures test) {
        if (train.dim() != test.dim()) {
            throw new InputException("test features have " + test.dim() + " columns, train features " + train.dim()
                    + "; expected the same (features of one encoder)");
        }
        return withDenseLabels(train, test);
    }

    /** Number of classes: the largest label plus one. */
    public int numClasses() {
        return Arrays.stream(labels).max().orElse(-1) + 1;
    }

    /**
     * {@code splits} with their labels renumbered {@code 0..C-1} in increasing order of value, one number per
     * distinct value over all of them (so a value means the same class in every split). Labels already
     * {@code 0..C-1} stay as they are. The protocols call this first: they size arrays by the number of
     * classes, and labels such as 700000000 (ids, not indices) would otherwise ask for gigabytes.
     */
    public static LabelledFeatures[] withDenseLabels(LabelledFeatures... splits) {
        int[][] dense = denseLabels(Arrays.stream(splits).map(LabelledFeatures::labels).toArray(int[][]::new));
        LabelledFeatures[] out = new LabelledFeatures[splits.length];
        for (int i = 0; i < splits.length; i++) {
            LabelledFeatures f = splits[i];
            out[i] = dense[i] == f.labels() ? f : new LabelledFeatures(f.features(), f.rows(), f.dim(), dense[i]);
        }
        return out;
    }

    /**
     * The labelings renumbered jointly to {@code 0..C-1} in increasing order of value; a labeling that is
     * unchanged is returned as the same array.
     */
    static int[][] denseLabels(int[]... labelings) {
        int[] distinct = Arrays.stream(labelings).flatMapToInt(Arrays::stream).distinct().sorted().toArray();
        int[][] out = new int[labelings.length][];
        for (int l = 0; l < labelings.length; l++) {
            int[] labels = labelings[l];
            int[] d = new int[labels.length];
            boolean same = true;
            for (int i = 0; i < labels.length; i++) {
                d[i] = Arrays.binarySearch(distinct, labels[i]);
                same &= d[i] == labels[i];
            }
            out[l] = same ? labels : d;
        }
        return out;
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
        String nonFinite = Rows.nonFinite(f.data(), f.cols());
        if (nonFinite != null) {
            throw new SettingException(featuresSetting, featuresName + featuresFile + ": " + nonFinite);
        }
        int[] y = readLabels(labelsFile, labelsSetting);
        if (y.length != f.rows()) {
            throw new SettingException(labelsSetting, labelsName + labelsFile + ": expected " + f.rows() + " labels (one per row of "
                    + featuresFile.getFileName() + "), got " + y.length);
        }
        return new LabelledFeatures(f.data(), f.rows(), f.cols(), y);
    }

    /**
     * Class labels from an integer {@code .npy}: any values {@code >= 0} that fit an int (the protocols
     * renumber them, {@link #withDenseLabels}); a negative one is an error naming the file and its index.
     *
     * @param setting the setting the file came from, named in errors ({@link SettingException})
     */
    public static int[] readLabels(Path labelsFile, String setting) {
        int[] y = Npy.readInts(labelsFile).data();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0) {
                throw new SettingException(setting, "{" + setting + "} " + labelsFile + ": expected class labels >= 0, found " + y[i]
                        + " at index " + i);
            }
        }
        return y;
    }
}
