package org.pcl4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of image files: one sub-folder per class (sorted by name, like torchvision's
 * ImageFolder; the images of the classes spread evenly over the indices, see {@link #spreadOrder}),
 * or a flat folder of unlabelled images. Files are decoded lazily by {@link #image}, always to
 * 3-channel RGB, because photos do not fit in memory; decoded images are kept while they take at most
 * a {@link #CACHE_HEAP_SHARE}th of the JVM's heap ({@link DecodedImageCache}), so a folder of small
 * images is decoded once per run, not once per pass. Safe for the loader's concurrent workers.
 * Which folder is a data set's train or test split ({@code DIR/train}, {@code DIR/val}, ...) is
 * {@link DataSpec}'s decision; this class reads the one folder it is given.
 *
 * <p>What is read: a class folder's images at any depth, through symbolic links (a link back to a
 * folder above it is not followed again, with a warning), leaving out hidden files and hidden
 * folders ({@code .thumbnails/}) as hidden class folders are. Label {@code k} is the {@code k}-th
 * class folder in name order, also when a class folder holds no image pcl4j reads (none, or only
 * e.g. {@code .webp}): such a class keeps its label, with no images, and a warning says so, so that
 * the labels of the other classes (and of a test split labelled with these classes) do not depend
 * on which folders are empty; no readable image in any class is an {@link InputException}. Images
 * directly in a folder that has class folders are not read, and a warning counts them.
 */
public final class FolderSource extends LabelledSource {
    private static final Logger LOG = LoggerFactory.getLogger(FolderSource.class);
    /** Suffixes javax.imageio decodes out of the box. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    static {
        // Decode in memory: the default disk cache would write a temp file per image.
        ImageIO.setUseCache(false);
    }

    /** How many images, spread over the folder, decide its own image side ({@link #ownSide}). */
    static final int SIDE_SAMPLE = 64;
    /**
     * One folder's decoded images take at most 1/8 of the JVM's maximum heap: a training folder and its
     * test folder (kNN monitor, evaluation) together a quarter, leaving the rest to the loader's batches
     * and the features of a pass.
     */
    static final int CACHE_HEAP_SHARE = 8;

    private final Path dir;
    private final List<Path> files;
    private final int imageSize;
    private final DecodedImageCache cache;

    private FolderSource(Path dir, List<Path> files, int[] labels, List<String> classNames, int imageSize, int skipped,
            long cacheBytes) {
        super(labels, classNames, skipped);
        this.dir = dir;
        this.files = List.copyOf(files);
        this.imageSize = imageSize;
        this.cache = new DecodedImageCache(files.size(), cacheBytes,
                "folder " + dir + " (budget: 1/" + CACHE_HEAP_SHARE + " of the JVM's heap, -Xmx)");
    }

    /** Opens {@code dir}, taking classes from its sub-folders if it has any. */
    public static FolderSource open(Path dir, SourceOptions options) {
        return open(dir, options, null);
    }

    /**
     * @param classes the class list to label with (a test split uses the train split's, so label
     *                {@code k} means the same class in both); {@code null} = this folder's sub-folders
     */
    public static FolderSource open(Path dir, SourceOptions options, List<String> classes) {
        return open(dir, options, classes, Runtime.getRuntime().maxMemory() / CACHE_HEAP_SHARE);
    }

    /** {@link #open(Path, SourceOptions, List)} with the decoded-image cache's budget in bytes (0: no cache). */
    static FolderSource open(Path dir, SourceOptions options, List<String> classes, long cacheBytes) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": no such directory; expected a folder of images (" + String.join(", ", EXTENSIONS)
                    + "), either one sub-folder per class or flat");
        }
        List<String> found = classFolders(dir);
        List<String> names = classes == null ? found : classes;
        List<Path> files = new ArrayList<>();
        List<Integer> labelList = new ArrayList<>();
        List<Scan> byClass = new ArrayList<>();
        if (found.isEmpty()) {
            Scan flat = scan(dir, false);
            files.addAll(flat.images());
            byClass.add(flat); // for the error below
        } else {
            warnOfLooseImages(dir);
            int[] classLabel = new int[found.size()];
            for (int c = 0; c < found.size(); c++) {
                classLabel[c] = names.indexOf(found.get(c));
                if (classLabel[c] < 0) {
                    throw new InputException(dir.resolve(found.get(c)) + ": class folder not among the training classes " + names);
                }
                byClass.add(scan(dir.resolve(found.get(c)), true));
            }
            for (int[] slot : spreadOrder(byClass.stream().mapToInt(b -> b.images().size()).toArray())) {
                files.add(byClass.get(slot[0]).images().get(slot[1]));
                labelList.add(classLabel[slot[0]]);
            }
        }
        if (files.isEmpty()) {
            SortedSet<String> others = new TreeSet<>();
            byClass.forEach(b -> others.addAll(b.otherSuffixes()));
            throw new InputException(dir + ": no images found; expected files ending in " + String.join(", ", EXTENSIONS)
                    + " in DIR/<class>/ or directly in DIR" + (others.isEmpty() ? "" : " (found only " + String.join(", ", others)
                    + " files, which pcl4j does not read; convert them)"));
        }
        int[] labels = found.isEmpty() ? null : labelList.stream().mapToInt(Integer::intValue).toArray();
        int skipped = 0;
        if (options.skipBadImages()) {
            // Validate up front (in parallel: decoding is the slow part) so that training never meets a bad file.
            List<Path> candidates = List.copyOf(files);
            String[] problems = new String[candidates.size()]; // null: the image decodes
            IntStream.range(0, problems.length).parallel().forEach(i -> problems[i] = read(candidates.get(i)).problem());
            List<Path> keptFiles = new ArrayList<>();
            List<Integer> keptLabels = new ArrayList<>();
            for (int i = 0; i < problems.length; i++) {
                if (problems[i] == null) {
                    keptFiles.add(candidates.get(i));
                    if (labels != null) {
                        keptLabels.add(labels[i]);
                    }
                } else if (skipped++ < 10) {
                    LOG.warn("{}: {}; skipped", candidates.get(i), problems[i]);
                }
            }
            if (keptFiles.isEmpty()) {
                throw new InputException(dir + ": none of the " + files.size() + " image files could be decoded");
            }
            files = keptFiles;
            labels = labels == null ? null : keptLabels.stream().mapToInt(Integer::intValue).toArray();
            if (skipped > 0) {
                LOG.warn("{}: skipped {} unreadable images of {}", dir, skipped, problems.length);
            }
        }
        if (labels != null) {
            warnOfEmptyClasses(dir, found, names, byClass, labels);
        }
        int side = options.imageSize();
        if (side == 0) {
            side = ownSide(files);
            LOG.info("{}: image side {} px, the median shorter side of {} of its images (at most {}); imageSize (--image-size) sets another",
                    dir, side, Math.min(SIDE_SAMPLE, files.size()), SourceOptions.DEFAULT_FOLDER_SIZE);
        }
        return new FolderSource(dir, files, labels, found.isEmpty() ? List.of() : names, side, skipped, cacheBytes);
    }

    /**
     * A folder's own image side, used when no size is given: the median of the shorter sides of up to
     * {@link #SIDE_SAMPLE} images spread evenly over the folder (read from the file headers, nothing
     * decoded), at most {@link SourceOptions#DEFAULT_FOLDER_SIZE}. A folder of 32-px images (CIFAR-10's
     * JPEG copy) trains at 32 px, as an IDX or CIFAR-binary source at its native size would, instead of
     * being upsampled to the ImageNet crop for 49 times the compute; photos larger than 224 px keep the
     * reference's 224. Files whose header cannot be read are left out of the median (decoding reports
     * them later, or {@code skipBadImages} has removed them already); with none readable, 224.
     */
    static int ownSide(List<Path> files) {
        int m = Math.min(SIDE_SAMPLE, files.size());
        int[] sides = new int[m];
        int read = 0;
        for (int j = 0; j < m; j++) {
            // Evenly spaced indices; with the classes spread over the order this samples every class.
            int side = shorterSide(files.get((int) ((long) j * files.size() / m)));
            if (side > 0) {
                sides[read++] = side;
            }
        }
        if (read == 0) {
            return SourceOptions.DEFAULT_FOLDER_SIZE;
        }
        Arrays.sort(sides, 0, read);
        return Math.min(SourceOptions.DEFAULT_FOLDER_SIZE, sides[(read - 1) / 2]);
    }

    /** min(width, height) from the image's header, or -1 when it cannot be read. */
    private static int shorterSide(Path file) {
        int[] wh = dimensions(file);
        return wh == null ? -1 : Math.min(wh[0], wh[1]);
    }

    /** {width, height} from the image's header, without decoding its pixels, or null when it cannot be read. */
    private static int[] dimensions(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Bytes of heap one decode of a w×h image takes at its peak: javax.imageio's raster (up to 4 bytes a pixel) and
     * our RGB copy (3).
     */
    private static long decodeBytes(long width, long height) {
        return width * height * 7;
    }

    /**
     * Why a {@code width} × {@code height} image is too large to decode in a JVM of {@code heap} bytes, or null. A
     * decode may take at most half the heap (other workers decode beside it, and the batches live there too): past
     * that, an image of a few hundred KB of PNG (20,000 × 20,000 pixels is 2.8 GB decoded) would end the run with an
     * OutOfMemoryError instead of naming itself. The limit scales with -Xmx, not with a pixel count fixed here.
     */
    static String tooLarge(int width, int height, long heap) {
        if (decodeBytes(width, height) <= heap / 2) {
            return null;
        }
        return width + " × " + height + " pixels take " + (decodeBytes(width, height) >> 20) + " MB to decode, more than half "
                + "of this JVM's " + (heap >> 20) + " MB heap; shrink the image, or give Java more (-Xmx, e.g. PCL4J_JAVA_OPTS=-Xmx16g)";
    }

    /** A decoded image, or why there is none. */
    private record Read(BufferedImage image, String problem) {}

    /**
     * Decodes {@code file} as {@code ImageIO.read} does (its first reader, default parameters), but reads the header
     * first through the same reader, so that an image too large for the heap is refused before any pixel is decoded
     * ({@link #tooLarge}) at no second opening of the file: this runs for every image a loader worker decodes.
     */
    private static Read read(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return new Read(null, "not a readable " + String.join("/", EXTENSIONS) + " image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String tooLarge = tooLarge(reader.getWidth(0), reader.getHeight(0), Runtime.getRuntime().maxMemory());
                if (tooLarge != null) {
                    return new Read(null, tooLarge);
                }
                BufferedImage image = reader.read(0, reader.getDefaultReadParam());
                return image != null ? new Read(image, null) : new Read(null, "not a readable " + String.join("/", EXTENSIONS) + " image");
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return new Read(null, "corrupt image (" + e.getMessage() + ")");
        }
    }

    /**
     * The order of the images of classes with {@code sizes[c]} images each, as {class, index within
     * the class} pairs: image {@code i} of a class of {@code n} takes the place {@code (i + ½) / n},
     * ties in class order. The first images up to any place {@code t} then hold {@code t} of every
     * class, each count within one image of {@code t·n} (equal classes take turns), so that the first
     * N images ({@code --limit}) and the images after them (a validation split) are stratified samples
     * of the folder. Class after class, the first N would be the first classes only.
     */
    static List<int[]> spreadOrder(int[] sizes) {
        List<int[]> slots = new ArrayList<>();
        for (int c = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                slots.add(new int[] {c, i});
            }
        }
        // (2i + 1) / 2n compared exactly, as cross products of longs.
        slots.sort((a, b) -> {
            int byPlace = Long.compare((2L * a[1] + 1) * sizes[b[0]], (2L * b[1] + 1) * sizes[a[0]]);
            return byPlace != 0 ? byPlace : Integer.compare(a[0], b[0]);
        });
        return slots;
    }

    /** Sub-folders (not hidden) in name order: the classes. */
    public static List<String> classFolders(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The image files in {@code dir} (at any depth when {@code recursive}), sorted, and the suffixes of
     * the other files there, which a warning or error names when a folder has no images.
     */
    record Scan(List<Path> images, SortedSet<String> otherSuffixes) {}

    static Scan scan(Path dir, boolean recursive) {
        List<Path> images = new ArrayList<>();
        SortedSet<String> others = new TreeSet<>();
        try {
            // Links are followed: a class folder linked in from elsewhere is the usual way to assemble a data set.
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), recursive ? Integer.MAX_VALUE : 1,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attributes) {
                            // Hidden folders (.thumbnails/, .git/) hold no images of the class, as hidden files
                            // and hidden class folders do not.
                            return d.equals(dir) || !isHidden(d) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                            if (attributes.isRegularFile() && !isHidden(file)) {
                                if (isImageFile(file)) {
                                    images.add(file);
                                } else {
                                    String name = file.getFileName().toString();
                                    int dot = name.lastIndexOf('.');
                                    others.add(dot > 0 ? name.substring(dot).toLowerCase(Locale.ROOT) : "suffix-less");
                                }
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            if (e instanceof FileSystemLoopException) {
                                LOG.warn("{}: a link to a folder it is inside of; not followed (its images are read once, where they are)", file);
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
        images.sort(null);
        return new Scan(images, others);
    }

    private static boolean isHidden(Path file) {
        return file.getFileName().toString().startsWith(".");
    }

    /** One warning when images lie directly in a folder whose images are read from its sub-folders only. */
    static void warnOfLooseImages(Path dir) {
        int loose = scan(dir, false).images().size();
        if (loose > 0) {
            LOG.warn("{}: {} image file(s) directly in it ignored: with sub-folders, images are read from the sub-folders only "
                    + "(move them into a class folder)", dir, loose);
        }
    }

    /**
     * One warning per class folder that gave no image, saying why (no image files, only files of
     * other formats, or none readable) and that the class keeps its label.
     */
    private static void warnOfEmptyClasses(Path dir, List<String> found, List<String> names, List<Scan> byClass, int[] labels) {
        int[] count = new int[names.size()];
        for (int label : labels) {
            count[label]++;
        }
        for (int c = 0; c < found.size(); c++) {
            int label = names.indexOf(found.get(c));
            if (count[label] > 0) {
                continue;
            }
            Scan scan = byClass.get(c);
            String why = !scan.images().isEmpty() ? "none of its " + scan.images().size() + " image files could be decoded"
                    : scan.otherSuffixes().isEmpty() ? "no files"
                    : "only " + String.join(", ", scan.otherSuffixes()) + " files, which pcl4j does not read (" + String.join(", ", EXTENSIONS) + ")";
            LOG.warn("{}: class '{}' has no images ({}); it keeps label {} with no images", dir.resolve(found.get(c)), found.get(c), why, label);
        }
    }

    static boolean isImageFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && !name.startsWith(".") && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Image {@code index}: kept in the cache, or decoded (and offered to the cache); always the caller's own copy. */
    @Override
    public Image image(int index) {
        Path file = files.get(Objects.checkIndex(index, files.size()));
        Image kept = cache.get(index);
        if (kept != null) {
            return kept;
        }
        Image image = decode(file);
        cache.offer(index, image);
        return DecodedImageCache.copy(image);
    }

    /** Bytes of decoded images this source keeps (see {@link DecodedImageCache}). */
    long cachedBytes() {
        return cache.usedBytes();
    }

    private static Image decode(Path file) {
        Read read = read(file);
        if (read.problem() != null) {
            throw new SettingException("data", file + ": " + read.problem() + "; {skipBadImages} skips such files");
        }
        return toRgb(read.image());
    }

    /** Any colour model (gray, palette, alpha) to 8-bit RGB; alpha is dropped as PIL's convert("RGB") does. */
    static Image toRgb(BufferedImage decoded) {
        int w = decoded.getWidth();
        int h = decoded.getHeight();
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] argb = new int[w]; // a row at a time: a whole image's ARGB ints would be 4 more bytes a pixel at the peak
        for (int y = 0; y < h; y++) {
            decoded.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0, p = 3 * y * w; x < w; x++, p += 3) {
                rgb[p] = (byte) (argb[x] >> 16);
                rgb[p + 1] = (byte) (argb[x] >> 8);
                rgb[p + 2] = (byte) argb[x];
            }
        }
        return new Image(rgb, 3, h, w);
    }

    /** The file behind image {@code index} (for pictures of clusters). */
    public Path file(int index) {
        return files.get(index);
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public int imageSize() {
        return imageSize;
    }

    @Override
    public Normalization normalization() {
        // Photos: the ImageNet statistics the reference normalises with (ALGORITHM.md §6).
        return Normalization.IMAGENET;
    }

    @Override
    public String description() {
        return "folder " + dir;
    }
}
