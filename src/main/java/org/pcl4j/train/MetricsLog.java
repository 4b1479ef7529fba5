package org.pcl4j.train;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OUT/metrics.jsonl}: one JSON object per completed epoch, appended and fsync'ed. On resume
 * the lines of epochs that the checkpoint does not contain are dropped, so that every epoch appears
 * exactly once however often the run was interrupted.
 */
public final class MetricsLog {
    public static final String FILE_NAME = "metrics.jsonl";
    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .serializeNulls()
            .serializeSpecialFloatingPointValues()
            .create();

    private final Path file;

    public MetricsLog(Path outDir) {
        this.file = outDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public void append(EpochMetrics metrics) throws IOException {
        byte[] line = (GSON.toJson(metrics) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(line));
            ch.force(true);
        }
    }

    /** Keeps only the lines of epochs {@code < epochsDone} (epochs are 0-based); rewrites atomically. */
    public void truncateTo(int epochsDone) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonObject o = GSON.fromJson(line, JsonObject.class);
                if (o.get("epoch").getAsInt() < epochsDone) {
                    kept.add(line);
                }
            } catch (RuntimeException e) {
                // A line cut by a crash mid-write: drop it, its epoch is redone.
            }
        }
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
