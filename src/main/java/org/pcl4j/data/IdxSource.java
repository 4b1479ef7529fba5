package org.pcl4j.data;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MNIST-format IDX files: an IDX3 file of {@code n × rows × cols} unsigned bytes and an IDX1 file
 * of {@code n} labels (Fashion-MNIST and MNIST ship this way), raw or gzipped — gzip is detected by
 * its magic bytes, not by the file name. All images are held in memory.
 */
public final class IdxSource extends InMemorySource {
    private static final Logger LOG = LoggerFactory.getLogger(IdxSource.class);
    private static final int IMAGES_MAGIC = 0x00000803; // unsigned byte, 3 dimensions
    private static final int LABELS_MAGIC = 0x00000801; // unsigned byte, 1 dimension
    private static final int IMAGES_HEADER = 16;
    private static final int LABELS_HEADER = 8;

    /** The two IDX flavours pcl4j knows: they differ in class names and normalisation statistics. */
    public enum Flavor {
        FASHION_MNIST("fashion-mnist", Normalization.FASHION_MNIST,
                List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")),
        MNIST("mnist", Normalization.MNIST, IntStream.range(0, 10).mapToObj(Integer::toString).toList());

        final String name;
        final Normalization normalization;
        final List<String> classNames;

        Flavor(String name, Normalization normalization, List<String> classNames) {
            this.name = name;
            this.normalization = normalization;
            this.classNames = classNames;
        }
    }

    private IdxSource(byte[] data, int count, int rows, int cols, int imageSize, int[] labels, Flavor flavor,
            String description, int skipped) {
        super(data, IMAGES_HEADER, count, 1, rows, cols, imageSize, labels, flavor.classNames, flavor.normalization,
                description, skipped);
    }

    /** File names of one split, without the optional {@code .gz}: images first, then labels. */
    public static List<String> fileNames(Split split) {
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        return List.of(prefix + "-images-idx3-ubyte", prefix + "-labels-idx1-ubyte");
    }

    /** Whether both files of {@code split} are in {@code dir}. */
    public static boolean exists(Path dir, Split split) {
        return fileNames(split).stream().allMatch(name -> DataFiles.rawOrGz(dir, name) != null);
    }

    /**
     * Opens one split from {@code dir}.
     *
     * @param missingHint appended to the "missing files" error, e.g. how to install the data set
     */
    public static IdxSource open(Path dir, Split split, Flavor flavor, SourceOptions options, String missingHint) {
        List<String> names = fileNames(split);
        Path imagesFile = DataFiles.rawOrGz(dir, names.get(0));
        Path labelsFile = DataFiles.rawOrGz(dir, names.get(1));
        if (imagesFile == null || labelsFile == null) {
            throw DataFiles.missing(dir, names.stream().map(n -> n + "[.gz]").toList(), missingHint);
        }
        return open(imagesFile, labelsFile, flavor, options);
    }

    /** Opens an explicit pair of IDX files. */
    public static IdxSource open(Path imagesFile, Path labelsFile, Flavor flavor, SourceOptions options) {
        DataFiles.Content images = DataFiles.read(imagesFile);
        DataFiles.Content labels = DataFiles.read(labelsFile);
        byte[] img = images.bytes();
        byte[] lab = labels.bytes();
        header(images, IMAGES_MAGIC, IMAGES_HEADER, "IDX3 images");
        header(labels, LABELS_MAGIC, LABELS_HEADER, "IDX1 labels");
        int n = DataFiles.bigEndianInt(img, 4);
        int rows = DataFiles.bigEndianInt(img, 8);
        int cols = DataFiles.bigEndianInt(img, 12);
        int nLabels = DataFiles.bigEndianInt(lab, 4);
        if (n < 0 || rows <= 0 || cols <= 0) {
            throw new InputException(imagesFile + ": bad IDX3 header: " + n + " images of " + rows + "×" + cols);
        }
        if (nLabels != n) {
            throw new InputException(labelsFile + ": has " + nLabels + " labels but " + imagesFile + " has " + n + " images");
        }
        int pixels = rows * cols;
        int completeImages = complete(images, IMAGES_HEADER, pixels, n, "image", options);
        int completeLabels = complete(labels, LABELS_HEADER, 1, n, "label", options);
        int count = Math.min(completeImages, completeLabels);
        int[] labelArray = new int[count];
        for (int i = 0; i < count; i++) {
            labelArray[i] = lab[LABELS_HEADER + i] & 0xFF;
            if (labelArray[i] >= flavor.classNames.size()) {
                throw new InputException(labelsFile + ": label " + labelArray[i] + " at " + labels.at(LABELS_HEADER + i)
                        + " is not a class of " + flavor.name + " (expected 0.." + (flavor.classNames.size() - 1) + ")");
            }
        }
        int skipped = n - count;
        if (skipped > 0) {
            LOG.warn("{}: truncated; kept the {} complete images, skipped {}", imagesFile, count, skipped);
        }
        String description = flavor.name + " " + imagesFile;
        return new IdxSource(img, count, rows, cols, options.sizeOr(Math.min(rows, cols)), labelArray, flavor,
                description, skipped);
    }

    private static void header(DataFiles.Content content, int magic, int headerLength, String what) {
        byte[] b = content.bytes();
        int found = b.length >= 4 ? DataFiles.bigEndianInt(b, 0) : magic;
        if (found != magic) {
            throw new InputException(content.file() + ": not an " + what + " file (magic number 0x"
                    + Integer.toHexString(found) + ", expected 0x" + Integer.toHexString(magic) + ")");
        }
        if (b.length < headerLength) {
            throw new InputException(content.file() + ": truncated at " + content.at(b.length) + ", inside the "
                    + headerLength + "-byte " + what + " header");
        }
    }

    /** Records of {@code recordBytes} that are complete; fails on a truncated file unless skipping. */
    private static int complete(DataFiles.Content content, int headerLength, int recordBytes, int declared, String what,
            SourceOptions options) {
        long available = content.bytes().length - (long) headerLength;
        int complete = (int) Math.min(declared, available / recordBytes);
        if (complete < declared && !options.skipBadImages()) {
            throw new SettingException("data", content.file() + ": truncated at " + content.at(content.bytes().length) + ": "
                    + complete + " of " + declared + " " + what + "s complete (" + recordBytes + " bytes each from byte "
                    + headerLength + "); {skipBadImages} keeps the complete ones");
        }
        return complete;
    }
}
