package org.pcl4j.data;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.slf4j.LoggerFactory;

/** Small data files written by the tests themselves. */
public final class Fixtures {
    private Fixtures() {}

    /** Pixel of image i at (y, x): distinct enough to catch off-by-one errors. */
    static int idxPixel(int i, int y, int x) {
        return (i * 31 + y * 7 + x * 3) & 0xFF;
    }

    static byte[] idxImages(int n, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols);
        b.putInt(0x803).putInt(n).putInt(rows).putInt(cols);
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    b.put((byte) idxPixel(i, y, x));
                }
            }
        }
        return b.array();
    }

    static byte[] idxLabels(int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n);
        b.putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    static void write(Path file, byte[] content, boolean gzip) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    /** An IDX pair of {@code n} rows×cols images for {@code split}, named like the official files. */
    static void idxSplit(Path dir, Split split, int n, int rows, int cols, boolean gzip) throws IOException {
        List<String> names = IdxSource.fileNames(split);
        String suffix = gzip ? ".gz" : "";
        write(dir.resolve(names.get(0) + suffix), idxImages(n, rows, cols), gzip);
        write(dir.resolve(names.get(1) + suffix), idxLabels(n), gzip);
    }

    /**
     * CIFAR records: label bytes then CHW pixels where channel c at (y, x) of record r is
     * {@link #cifarPixel}.
     */
    static byte[] cifarRecords(int n, int labelBytes, int firstLabel) {
        ByteBuffer b = ByteBuffer.allocate(n * (labelBytes + 3072));
        for (int r = 0; r < n; r++) {
            if (labelBytes == 2) {
                b.put((byte) 19); // coarse label: must be ignored
            }
            b.put((byte) (firstLabel + r));
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        b.put((byte) cifarPixel(r, y, x, c));
                    }
                }
            }
        }
        return b.array();
    }

    static int cifarPixel(int r, int y, int x, int c) {
        return (r * 17 + y * 5 + x * 2 + c * 100) & 0xFF;
    }

    static void png(Path file, int width, int height, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    /** What {@code action} throws. */
    public interface Action {
        void run() throws Exception;
    }

    /**
     * The lines ("LEVEL message") that {@code owner}'s logger writes while {@code action} runs: the
     * warnings a user would read are part of what some tests check.
     */
    public static List<String> logged(Class<?> owner, Action action) throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(owner);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** A 1-channel in-memory source of the given images (all labelled 0). */
    static ImageSource gray(List<Image> images) {
        return new ListSource(images, Normalization.FASHION_MNIST);
    }

    /** A source over explicit images, for transform and loader tests. */
    record ListSource(List<Image> images, Normalization normalization) implements ImageSource {
        @Override
        public int size() {
            return images.size();
        }

        @Override
        public int channels() {
            return images.get(0).channels();
        }

        @Override
        public int imageSize() {
            return images.get(0).height();
        }

        @Override
        public Image image(int index) {
            return images.get(index);
        }

        @Override
        public boolean hasLabels() {
            return true;
        }

        @Override
        public int label(int index) {
            return index % 3;
        }

        @Override
        public List<String> classNames() {
            return List.of("a", "b", "c");
        }

        @Override
        public String description() {
            return "test images";
        }
    }
}
