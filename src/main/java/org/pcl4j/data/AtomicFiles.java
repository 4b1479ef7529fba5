package org.pcl4j.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.pcl4j.InputException;

/**
 * Output files that are whole or absent: {@link #write} writes a temporary file in the target's folder and
 * renames it into place, so a write that fails (a full disk, an error or an OutOfMemoryError while the
 * content is produced) leaves the previous file as it was. Used for {@code .npy} files ({@link Npy}) and
 * pictures; checkpoints and {@code metrics.jsonl} have their own (fsync'ed) variant in {@code train}.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code file} through a temporary file in the same folder (created with its parents if
     * needed), renamed over {@code file} only when {@code content} has written everything.
     *
     * @throws IOException if the folder, the temporary file or the rename fails; the temporary file is gone
     */
    public static void write(Path file, Content content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // A temporary name then an atomic rename; not Files.createTempFile, whose 0600 mode the result
        // would keep: created like any file (0666 less the umask, usually 0644).
        Path tmp = parent.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                content.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp); // a partial file would only take space
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Checks, before any long work, that {@link #write} can create {@code file}: it is not a folder, and its
     * folder exists (created if needed) and takes new files.
     *
     * @param name how errors name the file, e.g. {@code "--out"}
     * @throws InputException one line naming the file and what is wrong
     */
    public static void requireWritable(Path file, String name) {
        String what = name + " " + file;
        if (Files.isDirectory(file)) {
            throw new InputException(what + ": is a directory (expected a file name)");
        }
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            Path probe = Files.createTempFile(parent, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new InputException(what + ": cannot write into " + parent + " (" + reason(e) + ")", e);
        }
    }

    /**
     * The one-line reason of an I/O error, for messages that name the file themselves: the system's reason ("No space
     * left on device"), else, for a file-system error that carries only the path, its kind ("access denied", "no such
     * file", "file already exists").
     */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
