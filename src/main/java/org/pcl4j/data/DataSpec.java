package org.pcl4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;

/**
 * Which data set to read, as given on the command line: {@code fashion-mnist},
 * {@code fashion-mnist:DIR}, {@code mnist:DIR}, {@code cifar10:DIR}, {@code cifar100:DIR} or {@code folder:DIR}.
 *
 * @param kind one of {@link #KINDS}
 * @param dir  where its files are
 */
public record DataSpec(String kind, Path dir) {
    public static final List<String> KINDS = List.of("fashion-mnist", "mnist", "cifar10", "cifar100", "folder");
    /** Where the Debian package {@code dataset-fashion-mnist} installs the data. */
    public static final Path DEFAULT_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    static final String FORMS = "fashion-mnist, fashion-mnist:DIR, mnist:DIR, cifar10:DIR, cifar100:DIR, folder:DIR";

    public DataSpec {
        if (!KINDS.contains(kind)) {
            throw new SettingException("data", "{data}: unknown kind '" + kind + "'; expected one of " + FORMS);
        }
    }

    public static DataSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new SettingException("data", "{data}: missing; expected one of " + FORMS);
        }
        String s = spec.strip();
        if (s.equals("fashion-mnist")) {
            return new DataSpec("fashion-mnist", DEFAULT_FASHION_MNIST);
        }
        int colon = s.indexOf(':');
        if (colon < 0 || colon == s.length() - 1 || !KINDS.contains(s.substring(0, colon))) {
            throw new SettingException("data", "{data} '" + spec + "': expected one of " + FORMS);
        }
        return new DataSpec(s.substring(0, colon), Path.of(s.substring(colon + 1)));
    }

    /** Opens one split; missing files are an {@link InputException} naming the path and the expected files. */
    public ImageSource open(Split split, SourceOptions options) {
        return switch (kind) {
            case "fashion-mnist" -> IdxSource.open(dir, split, IdxSource.Flavor.FASHION_MNIST, options,
                    dir.equals(DEFAULT_FASHION_MNIST) ? "install them with: apt-get install dataset-fashion-mnist" : "");
            case "mnist" -> IdxSource.open(dir, split, IdxSource.Flavor.MNIST, options, "");
            case "cifar10" -> CifarSource.open(dir, CifarSource.Variant.CIFAR10, split, options);
            case "cifar100" -> CifarSource.open(dir, CifarSource.Variant.CIFAR100, split, options);
            case "folder" -> openFolder(split, options);
            default -> throw new IllegalStateException(kind);
        };
    }

    /**
     * Whether {@code split} can be opened. A folder with {@code train/} and {@code test/} sub-folders
     * has both; any other folder is the train split only.
     */
    public boolean hasSplit(Split split) {
        return switch (kind) {
            case "fashion-mnist", "mnist" -> IdxSource.exists(dir, split);
            case "cifar10" -> CifarSource.exists(dir, CifarSource.Variant.CIFAR10, split);
            case "cifar100" -> CifarSource.exists(dir, CifarSource.Variant.CIFAR100, split);
            case "folder" -> split == Split.TRAIN ? Files.isDirectory(dir) : hasTrainTestFolders();
            default -> throw new IllegalStateException(kind);
        };
    }

    private boolean hasTrainTestFolders() {
        return Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"));
    }

    private ImageSource openFolder(Split split, SourceOptions options) {
        if (!hasTrainTestFolders()) {
            if (split == Split.TEST) {
                throw new InputException(dir + ": no test split; expected " + dir.resolve("train") + " and " + dir.resolve("test"));
            }
            return FolderSource.open(dir, options);
        }
        Path train = dir.resolve("train");
        if (split == Split.TRAIN) {
            return FolderSource.open(train, options);
        }
        // Label k must mean the same class in both splits: label the test images with the train classes.
        List<String> classes = FolderSource.classFolders(train);
        return FolderSource.open(dir.resolve("test"), options, classes.isEmpty() ? null : classes);
    }

    @Override
    public String toString() {
        return kind + ":" + dir;
    }
}
