package org.pcl4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which data set to read, as given on the command line: {@code fashion-mnist},
 * {@code fashion-mnist:DIR}, {@code mnist:DIR}, {@code cifar10:DIR}, {@code cifar100:DIR} or {@code folder:DIR}.
 *
 * <p>A {@code folder:DIR} is split by the names of its sub-folders, as image data sets ship
 * (torchvision's and Keras' layouts, ImageNet's {@code train/} + {@code val/}):
 * <ul>
 *   <li>{@code DIR/train} and a test folder beside it: the train and test splits. The test folder is
 *       {@code DIR/test}, else {@code DIR/val}, else {@code DIR/validation}; split folders left over
 *       (e.g. {@code val/} beside {@code test/}) are ignored with a warning, and so are other
 *       sub-folders; images directly in {@code DIR} are counted in a warning.</li>
 *   <li>{@code DIR/train} as the only sub-folder (hidden ones aside): the train split only, said in one
 *       log line (no kNN monitor, no evaluations without a test split).</li>
 *   <li>Only test folders ({@code test/}, {@code val/}, {@code validation/}) and no {@code train/}: an
 *       {@link InputException}; training on a test split is not what anyone means.</li>
 *   <li>Otherwise {@code DIR} itself: one sub-folder per class, or flat ({@link FolderSource}). A class
 *       named like a split among other classes (CIFAR-100 has a class {@code train}) stays a class.</li>
 * </ul>
 * Split names match in any letter case ({@code Train/} + {@code Test/}); a folder named exactly so wins over
 * another spelling of it.
 *
 * @param kind one of {@link #KINDS}
 * @param dir  where its files are
 */
public record DataSpec(String kind, Path dir) {
    private static final Logger LOG = LoggerFactory.getLogger(DataSpec.class);
    public static final List<String> KINDS = List.of("fashion-mnist", "mnist", "cifar10", "cifar100", "folder");
    /** Where the Debian package {@code dataset-fashion-mnist} installs the data. */
    public static final Path DEFAULT_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    static final String FORMS = "fashion-mnist, fashion-mnist:DIR, mnist:DIR, cifar10:DIR, cifar100:DIR, folder:DIR";
    /** A folder's train split: {@code DIR/train}. */
    static final String TRAIN_FOLDER = "train";
    /** Where a folder's test split may be, most preferred first: ImageNet ships its held-out images as {@code val/}. */
    static final List<String> TEST_FOLDERS = List.of("test", "val", "validation");

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

    /**
     * This spec with its folder absolute and normalised: the form a run records, so that it names the
     * same data from any working directory, and two specs of the same data compare equal
     * ({@code fashion-mnist} and {@code fashion-mnist:/usr/share/datasets/fashion-mnist/} are both
     * {@code fashion-mnist:/usr/share/datasets/fashion-mnist}). Symbolic links are kept as given: the
     * data need not exist, and a link a user chose may later point elsewhere on purpose.
     */
    public DataSpec canonical() {
        return new DataSpec(kind, dir.toAbsolutePath().normalize());
    }

    /**
     * The one-line error for a split that {@link #hasSplit} says cannot be opened: what is missing
     * (the folder itself, the split's files, the test folder), in the words of the error that opening
     * it gives, which is what this asks for.
     */
    public InputException whyNo(Split split) {
        try {
            open(split, SourceOptions.defaults());
        } catch (InputException e) {
            return e;
        }
        return new InputException(this + ": no " + split.name().toLowerCase(java.util.Locale.ROOT) + " split");
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
     * Whether {@code split} can be opened. A folder has a test split when it has {@code train/} and a
     * test folder beside it (see the class comment); any other folder is the train split only.
     * A folder of test folders without {@code train/} is an {@link InputException}.
     */
    public boolean hasSplit(Split split) {
        return switch (kind) {
            case "fashion-mnist", "mnist" -> IdxSource.exists(dir, split);
            case "cifar10" -> CifarSource.exists(dir, CifarSource.Variant.CIFAR10, split);
            case "cifar100" -> CifarSource.exists(dir, CifarSource.Variant.CIFAR100, split);
            case "folder" -> Files.isDirectory(dir) && (split == Split.TRAIN || folderLayout().test() != null);
            default -> throw new IllegalStateException(kind);
        };
    }

    /**
     * Where a folder's splits are (see the class comment).
     *
     * @param train   the folder of the train split ({@code dir} itself when it is not split)
     * @param test    the folder of the test split, or null when there is none
     * @param ignored sub-folders of {@code dir} that neither split uses (only when {@code dir} is split)
     */
    record FolderLayout(Path train, Path test, List<String> ignored) {}

    FolderLayout folderLayout() {
        if (!Files.isDirectory(dir)) {
            return new FolderLayout(dir, null, List.of()); // FolderSource.open says that it is missing
        }
        List<String> subFolders = FolderSource.classFolders(dir);
        String train = splitFolder(subFolders, TRAIN_FOLDER);
        List<String> testFolders = TEST_FOLDERS.stream().map(t -> splitFolder(subFolders, t)).filter(Objects::nonNull).toList();
        if (train != null && !testFolders.isEmpty()) {
            List<String> ignored = subFolders.stream().filter(f -> !f.equals(train) && !f.equals(testFolders.get(0))).toList();
            return new FolderLayout(dir.resolve(train), dir.resolve(testFolders.get(0)), ignored);
        }
        boolean onlySplitFolders = !subFolders.isEmpty() && subFolders.stream().allMatch(f -> f.equals(train) || testFolders.contains(f));
        if (!onlySplitFolders) {
            return new FolderLayout(dir, null, List.of()); // class folders (one may be called "train") or flat
        }
        if (train != null) {
            return new FolderLayout(dir.resolve(train), null, List.of());
        }
        String found = testFolders.stream().map(f -> f + "/").collect(Collectors.joining(" and "));
        throw new InputException(dir + ": has " + found + " but no train/; expected " + dir.resolve(TRAIN_FOLDER)
                + " beside it (the train split; test/, val/ or validation/ is the test split), or folder:"
                + dir.resolve(testFolders.get(0)) + " to use those images as the data set itself");
    }

    /**
     * The sub-folder that holds split {@code name}: the one so named, else one named so in other letter case
     * ({@code Train/} and {@code Test/} are common, e.g. in data sets made on Windows or macOS), else null.
     */
    private static String splitFolder(List<String> subFolders, String name) {
        if (subFolders.contains(name)) {
            return name;
        }
        return subFolders.stream().filter(f -> f.equalsIgnoreCase(name)).sorted().findFirst().orElse(null);
    }

    private ImageSource openFolder(Split split, SourceOptions options) {
        if (!Files.isDirectory(dir)) {
            return FolderSource.open(dir, options); // throws: no such directory (rather than "no test split")
        }
        FolderLayout layout = folderLayout();
        if (split == Split.TRAIN) {
            if (!layout.train().equals(dir) && layout.test() == null) {
                LOG.info("{}: its only sub-folder is train/, so the data set is {} and it has no test split "
                        + "(the kNN monitor and the evaluations need {} or {} beside it)", dir, layout.train(),
                        dir.resolve(TEST_FOLDERS.get(0)), dir.resolve(TEST_FOLDERS.get(1)));
            }
            if (!layout.ignored().isEmpty()) {
                LOG.warn("{}: sub-folders {} ignored: the data set is split into {} (train) and {} (test)", dir,
                        layout.ignored().stream().map(f -> f + "/").toList(), layout.train(), layout.test());
            }
            if (!layout.train().equals(dir)) {
                FolderSource.warnOfLooseImages(dir);
            }
            return FolderSource.open(layout.train(), options);
        }
        if (layout.test() == null) {
            throw new InputException(dir + ": no test split; expected " + dir.resolve(TRAIN_FOLDER) + " with "
                    + TEST_FOLDERS.stream().map(dir::resolve).map(Path::toString).collect(Collectors.joining(" or ")) + " beside it");
        }
        if (!layout.test().getFileName().toString().equals(TEST_FOLDERS.get(0))) {
            LOG.info("{}: the test split is {}", dir, layout.test());
        }
        // Label k must mean the same class in both splits: label the test images with the train classes.
        List<String> classes = FolderSource.classFolders(layout.train());
        return FolderSource.open(layout.test(), options, classes.isEmpty() ? null : classes);
    }

    @Override
    public String toString() {
        return kind + ":" + dir;
    }
}
