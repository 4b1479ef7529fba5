package org.pcl4j.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.pcl4j.data.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run's output folder, opened for one trainer: it exists and is writable (checked by
 * writing a probe file, before any data is loaded or any epoch trained), it is locked against a
 * second training into the same folder ({@value #LOCK_FILE}, an OS file lock released when the
 * process ends, even by SIGKILL), and the temporary files of a write cut short by a crash are
 * removed (only after the lock is held, so never those of a live run).
 */
public final class RunDirectory implements AutoCloseable {
    public static final String LOCK_FILE = ".pcl4j.lock";
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private RunDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates (if needed), checks, locks and cleans {@code dir}.
     *
     * @throws SettingException naming the setting {@code out} if the folder cannot be created or
     *     written, or another training holds it
     */
    public static RunDirectory open(Path dir) {
        return open(dir, "out");
    }

    /** As {@link #open(Path)}, naming the folder by {@code setting} (e.g. {@code resume}) in errors. */
    public static RunDirectory open(Path dir, String setting) {
        String name = "{" + setting + "} " + dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SettingException(setting, name + ": cannot create the run directory (" + AtomicFiles.reason(e) + ")", e);
        }
        try {
            Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new SettingException(setting, name + ": the run directory is not writable (" + AtomicFiles.reason(e) + ")", e);
        }
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new SettingException(setting, name + ": cannot open the lock file " + lockFile + " (" + AtomicFiles.reason(e) + ")", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this process (another trainer in the same JVM)
        } catch (IOException e) {
            close(channel);
            throw new SettingException(setting, name + ": cannot lock " + lockFile + " (" + AtomicFiles.reason(e) + ")", e);
        }
        if (lock == null) {
            String holder = holder(lockFile);
            close(channel);
            throw new SettingException(setting, name + " is in use by another training" + holder
                    + "; wait for it to finish or choose another {" + setting + "}");
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
        } catch (IOException e) {
            // Only informative (the pid in the refusal message); the lock itself holds.
        }
        RunDirectory run = new RunDirectory(dir, channel, lock);
        run.removeStaleTemporaries();
        return run;
    }

    public Path path() {
        return dir;
    }

    /**
     * Deletes {@code checkpoint-NNNN.pcl4j.tmp} and {@code metrics.jsonl.tmp} left by a write that a crash cut short: the
     * names pcl4j writes, and no other ({@code checkpoint-best.tmp} of another tool in the folder was deleted too).
     */
    private void removeStaleTemporaries() {
        List<Path> stale;
        try (Stream<Path> files = Files.list(dir)) {
            stale = files.filter(p -> {
                String name = p.getFileName().toString();
                return name.matches("checkpoint-\\d+\\.pcl4j\\.tmp") || name.equals(MetricsLog.FILE_NAME + ".tmp");
            }).toList();
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list the run directory (" + AtomicFiles.reason(e) + ")", e);
        }
        for (Path p : stale) {
            try {
                Files.deleteIfExists(p);
                LOG.info("removed {}, left by an interrupted write", p);
            } catch (IOException e) {
                throw new InputException(p + ": cannot remove this temporary file of an interrupted write (" + AtomicFiles.reason(e)
                        + "); delete it by hand", e);
            }
        }
    }

    private static String holder(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
            if (pid.equals(String.valueOf(ProcessHandle.current().pid()))) {
                return " in this process";
            }
            return pid.matches("\\d+") ? " (process " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Why an I/O operation failed, in words: the OS's reason ("No space left on device"), or for the
     * file-system exceptions that carry only a path, their type ("access denied", "directory not empty").
     */

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** Releases the lock (the lock file stays: deleting it would let two trainers lock different files). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // the channel's close releases it anyway
        }
        close(lockChannel);
    }
}
