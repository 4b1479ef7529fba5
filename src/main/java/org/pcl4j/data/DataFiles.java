package org.pcl4j.data;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.pcl4j.InputException;

/** File helpers shared by the binary sources: whole-file reads that survive truncation, and clear "missing file" errors. */
final class DataFiles {
    private DataFiles() {}

    /**
     * The bytes of a file, gunzipped when it starts with the gzip magic bytes (the name does not matter).
     *
     * @param bytes     the (decompressed) content, possibly cut short
     * @param gzip      whether the file was compressed, so messages can say offsets are in the decompressed data
     * @param truncated the compressed stream ended early; {@code bytes} holds what could be decoded
     */
    record Content(Path file, byte[] bytes, boolean gzip, boolean truncated) {
        /** "byte 1234" or "decompressed byte 1234": where a message points at. */
        String at(long offset) {
            return (gzip ? "decompressed byte " : "byte ") + offset;
        }
    }

    static Content read(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] head = raw.readNBytes(2);
            boolean gzip = head.length == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
            if (!gzip) {
                byte[] rest = raw.readAllBytes();
                byte[] all = new byte[head.length + rest.length];
                System.arraycopy(head, 0, all, 0, head.length);
                System.arraycopy(rest, 0, all, head.length, rest.length);
                return new Content(file, all, false, false);
            }
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        // Gzip: read chunk by chunk so that a cut-off download still yields its complete records.
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        boolean truncated = false;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (EOFException e) {
            truncated = true;
        } catch (ZipException e) {
            // Damaged inside (a flipped bit: bad deflate data, or a checksum that does not match). Unlike a cut-off file,
            // what came before the damage cannot be trusted (the checksum covers all of it), so nothing is kept.
            throw new InputException(file + ": corrupt gzip data (" + e.getMessage() + "); the file is damaged, fetch it again", e);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return new Content(file, out.toByteArray(), true, truncated);
    }

    /** {@code dir/name}, or {@code dir/name.gz} when only that exists; {@code null} when neither does. */
    static Path rawOrGz(Path dir, String name) {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    /** The one-line error for a data set whose files are not where they should be. */
    static InputException missing(Path dir, List<String> expected, String hint) {
        String what = Files.isDirectory(dir) ? dir + ": missing data files" : dir + ": no such directory";
        return new InputException(what + "; expected " + String.join(", ", expected) + (hint.isEmpty() ? "" : " (" + hint + ")"));
    }

    static int bigEndianInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
