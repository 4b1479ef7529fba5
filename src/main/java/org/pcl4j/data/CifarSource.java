package org.pcl4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CIFAR-10 / CIFAR-100 "binary version" batches: fixed-size records of label byte(s) followed by
 * 3072 pixel bytes in CHW order (1024 red, 1024 green, 1024 blue, rows of 32). Pixels are converted to
 * the HWC layout of {@link Image} once, at load time. CIFAR-100 records carry a coarse and a fine label;
 * the fine one (100 classes) is used.
 */
public final class CifarSource extends InMemorySource {
    private static final Logger LOG = LoggerFactory.getLogger(CifarSource.class);
    private static final int SIDE = 32;
    private static final int PLANE = SIDE * SIDE;
    private static final int PIXELS = 3 * PLANE;

    /** The two variants: folder name inside the archive, files per split, label bytes per record. */
    public enum Variant {
        CIFAR10("cifar10", "cifar-10-batches-bin", List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin"), List.of("test_batch.bin"), 1, 10, "batches.meta.txt",
                Normalization.CIFAR10),
        CIFAR100("cifar100", "cifar-100-binary", List.of("train.bin"), List.of("test.bin"), 2, 100, "fine_label_names.txt",
                Normalization.CIFAR100);

        final String name;
        final String archiveFolder;
        final List<String> trainFiles;
        final List<String> testFiles;
        /** Label bytes before the pixels; the last one is the label used (CIFAR-100: coarse, then fine). */
        final int labelBytes;
        final int numClasses;
        final String namesFile;
        final Normalization normalization;

        Variant(String name, String archiveFolder, List<String> trainFiles, List<String> testFiles, int labelBytes,
                int numClasses, String namesFile, Normalization normalization) {
            this.name = name;
            this.archiveFolder = archiveFolder;
            this.trainFiles = trainFiles;
            this.testFiles = testFiles;
            this.labelBytes = labelBytes;
            this.numClasses = numClasses;
            this.namesFile = namesFile;
            this.normalization = normalization;
        }

        public List<String> files(Split split) {
            return split == Split.TRAIN ? trainFiles : testFiles;
        }

        int recordBytes() {
            return labelBytes + PIXELS;
        }
    }

    private CifarSource(byte[] hwc, int count, int imageSize, int[] labels, List<String> classNames, Variant variant,
            String description, int skipped) {
        super(hwc, 0, count, 3, SIDE, SIDE, imageSize, labels, classNames, variant.normalization, description, skipped);
    }

    /** The folder holding the batch files: {@code dir} itself or the archive's folder inside it. */
    public static Path batchFolder(Path dir, Variant variant) {
        Path inner = dir.resolve(variant.archiveFolder);
        return Files.isDirectory(inner) ? inner : dir;
    }

    public static boolean exists(Path dir, Variant variant, Split split) {
        Path folder = batchFolder(dir, variant);
        return variant.files(split).stream().allMatch(f -> Files.isRegularFile(folder.resolve(f)));
    }

    public static CifarSource open(Path dir, Variant variant, Split split, SourceOptions options) {
        Path folder = batchFolder(dir, variant);
        List<String> names = variant.files(split);
        if (!exists(dir, variant, split)) {
            throw DataFiles.missing(dir, names.stream().map(n -> n + " (in DIR or DIR/" + variant.archiveFolder + ")").toList(), "");
        }
        List<Records> parts = new ArrayList<>();
        for (String name : names) {
            parts.add(records(DataFiles.read(folder.resolve(name)), variant, options));
        }
        int total = parts.stream().mapToInt(r -> r.labels.length).sum();
        byte[] hwc = new byte[total * PIXELS];
        int[] labels = new int[total];
        int at = 0;
        for (Records part : parts) {
            System.arraycopy(part.hwc, 0, hwc, at * PIXELS, part.hwc.length);
            System.arraycopy(part.labels, 0, labels, at, part.labels.length);
            at += part.labels.length;
        }
        int skipped = parts.stream().mapToInt(Records::skipped).sum();
        String description = variant.name + " " + folder + " (" + String.join(", ", names) + ")";
        return new CifarSource(hwc, total, options.sizeOr(SIDE), labels, classNames(folder, variant), variant,
                description, skipped);
    }

    /** The records of one batch file that are complete and well-formed, pixels already in HWC order. */
    private record Records(byte[] hwc, int[] labels, int skipped) {}

    private static Records records(DataFiles.Content content, Variant variant, SourceOptions options) {
        byte[] b = content.bytes();
        int recordBytes = variant.recordBytes();
        int complete = b.length / recordBytes;
        int skipped = 0;
        if (complete * (long) recordBytes != b.length || content.truncated()) {
            String message = content.file() + ": truncated at " + content.at(b.length) + ": record " + complete
                    + " is incomplete (each record is " + recordBytes + " bytes: " + variant.labelBytes + " label + "
                    + PIXELS + " pixels)";
            if (!options.skipBadImages()) {
                throw new SettingException("data", message + "; {skipBadImages} keeps the complete records");
            }
            LOG.warn("{}; skipped it", message);
            skipped++;
        }
        byte[] hwc = new byte[complete * PIXELS];
        int[] labels = new int[complete];
        int kept = 0;
        for (int r = 0; r < complete; r++) {
            int start = r * recordBytes;
            int label = b[start + variant.labelBytes - 1] & 0xFF;
            if (label >= variant.numClasses) {
                String message = content.file() + ": label " + label + " at " + content.at(start + variant.labelBytes - 1L)
                        + " (record " + r + ") is not one of the " + variant.numClasses + " classes of " + variant.name;
                if (!options.skipBadImages()) {
                    throw new InputException(message);
                }
                LOG.warn("{}; skipped the record", message);
                skipped++;
                continue;
            }
            labels[kept] = label;
            chwToHwc(b, start + variant.labelBytes, hwc, kept * PIXELS);
            kept++;
        }
        if (kept < complete) {
            hwc = Arrays.copyOf(hwc, kept * PIXELS);
            labels = Arrays.copyOf(labels, kept);
        }
        return new Records(hwc, labels, skipped);
    }

    /** CIFAR stores planes (all red, all green, all blue); {@link Image} interleaves channels per pixel. */
    static void chwToHwc(byte[] chw, int from, byte[] hwc, int to) {
        for (int p = 0; p < PLANE; p++) {
            for (int c = 0; c < 3; c++) {
                hwc[to + p * 3 + c] = chw[from + c * PLANE + p];
            }
        }
    }

    /** Names from the archive's text file when it lists exactly one per class, else "0".."N-1". */
    private static List<String> classNames(Path folder, Variant variant) {
        Path file = folder.resolve(variant.namesFile);
        if (Files.isRegularFile(file)) {
            try {
                List<String> names = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .map(String::strip).filter(s -> !s.isEmpty()).toList();
                if (names.size() == variant.numClasses) {
                    return names;
                }
                LOG.warn("{}: {} names for {} classes; using numbers", file, names.size(), variant.numClasses);
            } catch (IOException e) {
                LOG.warn("{}: cannot read ({}); using numbers", file, e.getMessage());
            }
        }
        return IntStream.range(0, variant.numClasses).mapToObj(Integer::toString).toList();
    }
}
