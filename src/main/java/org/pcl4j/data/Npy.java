package org.pcl4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pcl4j.InputException;

/**
 * NumPy {@code .npy} files (format version 1.0/2.0, C order, little-endian), the exchange format
 * for features, labels, centroids and assignments between pcl4j and other tools.
 *
 * <p>Reads float32/float64 as floats and int32/int64/uint8 as ints; writes float32 and int32.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([a-z])(\\d+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** A float matrix (or vector, with {@code shape.length == 1}) read from or written to a file. */
    public record FloatArray(float[] data, long[] shape) {
        public int rows() {
            return (int) shape[0];
        }

        /** Columns of a 2-D array; 1 for a vector. */
        public int cols() {
            return shape.length > 1 ? (int) shape[1] : 1;
        }
    }

    /** An int32/int64 .npy array read as ints: its values (row-major) and its shape. */
    public record IntArray(int[] data, long[] shape) {}

    public static FloatArray readFloats(Path file) {
        Header h = header(file);
        float[] out = new float[Math.toIntExact(h.count())];
        try (DataInputStream in = open(file, h)) {
            ByteBuffer buf = chunk(in, h, out.length);
            for (int i = 0; i < out.length; i++) {
                switch (h.kind + h.bytes) {
                    case "f4" -> out[i] = buf.getFloat();
                    case "f8" -> out[i] = (float) buf.getDouble();
                    default -> throw new InputException(file + ": expected a float32 or float64 .npy array, found dtype " + h.kind + h.bytes);
                }
            }
        } catch (IOException e) {
            throw new InputException(file + ": cannot read .npy data (" + e.getMessage() + ")", e);
        }
        return new FloatArray(out, h.shape);
    }

    public static IntArray readInts(Path file) {
        Header h = header(file);
        int[] out = new int[Math.toIntExact(h.count())];
        try (DataInputStream in = open(file, h)) {
            ByteBuffer buf = chunk(in, h, out.length);
            for (int i = 0; i < out.length; i++) {
                switch (h.kind + h.bytes) {
                    case "i4" -> out[i] = buf.getInt();
                    case "i8" -> out[i] = toInt(file, i, buf.getLong());
                    case "u1" -> out[i] = buf.get() & 0xFF;
                    default -> throw new InputException(file + ": expected an integer .npy array (int32/int64/uint8), found dtype " + h.kind + h.bytes);
                }
            }
        } catch (IOException e) {
            throw new InputException(file + ": cannot read .npy data (" + e.getMessage() + ")", e);
        }
        return new IntArray(out, h.shape);
    }

    /** An int64 value as an int, or one line naming the file and the index of a value that does not fit. */
    private static int toInt(Path file, int index, long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new InputException(file + ": value " + value + " at index " + index + " does not fit a 32-bit int"
                    + " (expected labels or indices between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    /** Writes float32 data with the given shape, atomically (temporary file, then rename). */
    public static void write(Path file, float[] data, long... shape) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        write(file, "<f4", shape, data.length, buf.array());
    }

    public static void write(Path file, int[] data, long... shape) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(data);
        write(file, "<i4", shape, data.length, buf.array());
    }

    private static void write(Path file, String descr, long[] shape, int count, byte[] body) throws IOException {
        if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + count + " values");
        }
        StringBuilder dims = new StringBuilder();
        for (long s : shape) {
            dims.append(s).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }");
        // Pad so that magic + version + length + header is a multiple of 64, ending with '\n'.
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
        AtomicFiles.write(file, out -> {
            out.write(MAGIC);
            out.write(new byte[] {1, 0, (byte) (h.length & 0xFF), (byte) (h.length >> 8)});
            out.write(h);
            out.write(body);
        });
    }

    private record Header(String kind, int bytes, ByteOrder order, long[] shape, int dataOffset) {
        long count() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }
    }

    private static Header header(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file (expected a .npy array)");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[6];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new InputException(file + ": not a .npy file (bad magic bytes)");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            int len;
            int prefix;
            if (major == 1) {
                len = in.readUnsignedByte() | (in.readUnsignedByte() << 8);
                prefix = 10;
            } else {
                len = in.readUnsignedByte() | (in.readUnsignedByte() << 8) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 24);
                prefix = 12;
            }
            byte[] text = new byte[len];
            in.readFully(text);
            String dict = new String(text, StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(dict);
            Matcher o = ORDER.matcher(dict);
            Matcher s = SHAPE.matcher(dict);
            if (!d.find() || !o.find() || !s.find()) {
                throw new InputException(file + ": unreadable .npy header: " + dict.trim());
            }
            if (o.group(1).equals("True")) {
                throw new InputException(file + ": Fortran-order .npy arrays are not supported; save with C order");
            }
            long[] shape = Arrays.stream(s.group(1).split(","))
                    .map(String::trim).filter(t -> !t.isEmpty()).mapToLong(Long::parseLong).toArray();
            ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            Header h = new Header(d.group(2), Integer.parseInt(d.group(3)), order, shape, prefix + len);
            long expected = h.dataOffset + h.count() * h.bytes;
            if (Files.size(file) < expected) {
                throw new InputException(file + ": truncated .npy file: " + Files.size(file) + " bytes, shape "
                        + Arrays.toString(shape) + " needs " + expected);
            }
            return h;
        } catch (IOException e) {
            throw new InputException(file + ": cannot read .npy header (" + e.getMessage() + ")", e);
        }
    }

    private static DataInputStream open(Path file, Header h) throws IOException {
        InputStream raw = Files.newInputStream(file);
        raw.skipNBytes(h.dataOffset);
        return new DataInputStream(new BufferedInputStream(raw, 1 << 20));
    }

    private static ByteBuffer chunk(DataInputStream in, Header h, int count) throws IOException {
        byte[] bytes = new byte[Math.multiplyExact(count, h.bytes)];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes).order(h.order);
    }
}
