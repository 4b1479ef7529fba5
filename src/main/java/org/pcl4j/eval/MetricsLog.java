package org.pcl4j.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pcl4j.InputException;
import org.pcl4j.train.EpochMetrics;

/**
 * Reads the trainer's {@code metrics.jsonl} (written by {@link org.pcl4j.train.MetricsLog}): one JSON
 * object per epoch in the schema of {@link EpochMetrics}; absent or null values are {@code null}. An epoch that appears more than once (a
 * file written by an older pcl4j across a crash) counts once, by its last line; epochs come sorted,
 * numbered from 1 (an older file numbered from 0 is renumbered).
 */
public final class MetricsLog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MetricsLog.class);

    private MetricsLog() {}

    /**
     * The epochs of {@code file}, sorted and numbered from 1.
     *
     * @throws InputException naming the file (and line) if it cannot be read or a line is not a metrics line
     */
    public static List<EpochMetrics> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read metrics (expected a metrics.jsonl written by pcl4j train)", e);
        }
        Map<Integer, EpochMetrics> out = new TreeMap<>();
        List<Integer> order = new ArrayList<>();
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).isBlank()) {
            last--;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            if (i == last && line.startsWith("{") && !line.endsWith("}")) {
                // A line cut by a crash mid-write (the start of a JSON object), as a resume would drop (and restore from
                // the checkpoint): the run so far can still be read and plotted. Other garbage stays an error.
                LOG.warn("{}:{}: cut short (a crash mid-write?); read without it", file, i + 1);
                continue;
            }
            try {
                EpochMetrics m = EpochMetrics.fromJson(line);
                out.put(m.epoch(), m);
                order.add(m.epoch());
            } catch (IllegalArgumentException e) {
                // EpochMetrics names the key that is wrong ("loss" is "abc"; ...) or says the epoch is missing.
                throw new InputException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new InputException(file + ":" + (i + 1) + ": expected a JSON object with an \"epoch\" number (" + e.getMessage() + ")", e);
            }
        }
        if (out.isEmpty()) {
            throw new InputException(file + ": no epochs (expected JSON lines with an \"epoch\" key)");
        }
        if (org.pcl4j.train.MetricsLog.zeroBased(order)) {
            // A file of an older pcl4j, which numbered epochs from 0: shown 1-based like everything else.
            return out.values().stream().map(e -> e.withEpoch(e.epoch() + 1)).toList();
        }
        if (out.containsKey(0)) { // a stray line of epoch 0 in a 1-based file shifted every epoch by one
            LOG.warn("{}: a line of epoch 0 in a file numbered from 1; left out", file);
            out.remove(0);
        }
        return new ArrayList<>(out.values());
    }
}
