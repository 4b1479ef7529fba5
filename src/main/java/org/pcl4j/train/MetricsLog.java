package org.pcl4j.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code OUT/metrics.jsonl}: one JSON object per completed epoch ({@code "epoch"} 1-based, as
 * everywhere a user sees it), appended and fsync'ed only after the epoch's checkpoint is committed.
 * On resume the lines of epochs that the checkpoint does not contain are dropped and a line the
 * checkpoint has but the file lacks (a crash between the two writes) is restored from the
 * checkpoint, so that every epoch appears exactly once however often the run was interrupted.
 */
public final class MetricsLog {
    public static final String FILE_NAME = "metrics.jsonl";
    /** Where a fresh run moves a metrics.jsonl that no checkpoint backs. */
    public static final String STALE_NAME = "metrics.jsonl.stale";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);
    /** For lines as JSON objects; the schema and its names are {@link EpochMetrics}'. */
    private static final Gson GSON = new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues().create();

    private final Path file;

    /** The metrics file of the run directory {@code outDir}. */
    public MetricsLog(Path outDir) {
        this.file = outDir.resolve(FILE_NAME);
    }

    /** Where the lines go. */
    public Path file() {
        return file;
    }

    /** Appends the line of one epoch and forces it to disk. */
    public void append(EpochMetrics metrics) throws IOException {
        byte[] line = (metrics.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(line));
            ch.force(true);
        }
    }

    /**
     * A fresh run: a metrics.jsonl already there belongs to no checkpoint (a run stopped before its
     * first checkpoint, or files copied in); it is moved to {@value #STALE_NAME} rather than appended to
     * ({@value #STALE_NAME}.2, .3, … when that name is taken: an earlier stale file is kept, never overwritten).
     */
    public void startFresh() throws IOException {
        if (Files.exists(file)) {
            Path stale = file.resolveSibling(STALE_NAME);
            for (int n = 2; Files.exists(stale, LinkOption.NOFOLLOW_LINKS); n++) {
                stale = file.resolveSibling(STALE_NAME + "." + n);
            }
            Files.move(file, stale);
            LOG.warn("{} held lines of an earlier run without a checkpoint; moved them to {} and started afresh", file, stale);
        }
    }

    /**
     * Whether a file's epochs, in file order, are an older pcl4j's 0-based numbering: they start at 0 and hold every
     * epoch up to the last. A stray line of epoch 0 elsewhere (a hand-made "before training" row) is not that.
     */
    public static boolean zeroBased(List<Integer> epochsInFileOrder) {
        if (epochsInFileOrder.isEmpty() || epochsInFileOrder.get(0) != 0) {
            return false;
        }
        java.util.Set<Integer> seen = new java.util.TreeSet<>(epochsInFileOrder);
        return java.util.Collections.min(seen) == 0 && seen.size() == java.util.Collections.max(seen) + 1; // exactly 0..max
    }

    /**
     * Keeps one line per epoch {@code 1..epochsDone} (the last one written, in epoch order; lines of
     * later epochs and lines cut by a crash are dropped), adds the line of epoch {@code epochsDone}
     * from {@code last} (the checkpoint's copy) if it is missing, and rewrites the file atomically.
     * A file of an older pcl4j with 0-based epochs (from its first line, every epoch up to its last) is renumbered;
     * other lines below epoch 1, and unreadable lines other than a cut last one, are dropped with a warning.
     */
    public void resumeAt(int epochsDone, EpochMetrics last) throws IOException {
        Map<Integer, JsonObject> byEpoch = new TreeMap<>();
        List<JsonObject> lines = new ArrayList<>();
        List<Integer> unreadable = new ArrayList<>(); // 1-based line numbers
        int lastReadable = 0;
        if (Files.exists(file)) {
            List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < text.size(); i++) {
                if (text.get(i).isBlank()) {
                    continue;
                }
                try {
                    JsonObject o = GSON.fromJson(text.get(i), JsonObject.class);
                    o.get("epoch").getAsInt();
                    lines.add(o);
                    lastReadable = i + 1;
                } catch (RuntimeException e) {
                    unreadable.add(i + 1);
                }
            }
        }
        // A line cut by a crash mid-write is the file's last: its epoch is redone. One elsewhere is a damaged file.
        if (!unreadable.isEmpty() && !(unreadable.size() == 1 && unreadable.get(0) > lastReadable)) {
            LOG.warn("{}: unreadable line(s) {} dropped", file, unreadable);
        }
        // An older pcl4j wrote epochs 0, 1, 2, …: such a file starts at 0 and has every epoch up to its last. A stray line
        // of epoch 0 elsewhere (a hand-made "before training" row) made every line shift by one and the last one go.
        boolean zeroBased = zeroBased(lines.stream().map(o -> o.get("epoch").getAsInt()).toList());
        if (zeroBased) {
            LOG.info("{}: epochs numbered from 0 (an older pcl4j's file), renumbered from 1", file);
        }
        List<Integer> outside = new ArrayList<>();
        for (JsonObject o : lines) {
            int epoch = o.get("epoch").getAsInt() + (zeroBased ? 1 : 0);
            o.addProperty("epoch", epoch);
            if (epoch >= 1 && epoch <= epochsDone) {
                byEpoch.put(epoch, o); // the last line of an epoch wins
            } else if (epoch < 1) {
                outside.add(epoch);
            }
        }
        if (!outside.isEmpty()) {
            LOG.warn("{}: line(s) of epoch {} dropped: the run's epochs are numbered from 1", file, outside);
        }
        if (last != null && last.epoch() == epochsDone && !byEpoch.containsKey(epochsDone)) {
            byEpoch.put(epochsDone, last.toJsonTree());
            LOG.info("restored the metrics line of epoch {} from its checkpoint", epochsDone);
        }
        List<String> kept = byEpoch.values().stream().map(GSON::toJson).toList();
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
