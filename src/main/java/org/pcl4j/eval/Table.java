package org.pcl4j.eval;

import java.util.ArrayList;
import java.util.List;

/** A small text table of results: a header row and value rows, rendered with aligned columns. */
public record Table(String title, List<String> header, List<List<String>> rows) {
    public Table {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** Aligned plain text: title line, header, a rule, then the rows. */
    public String render() {
        int cols = header.size();
        int[] width = new int[cols];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> r : all) {
            for (int c = 0; c < cols && c < r.size(); c++) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder(title).append('\n');
        for (int i = 0; i < all.size(); i++) {
            List<String> r = all.get(i);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String cell = c < r.size() ? r.get(c) : "";
                // first column left-aligned (names), numbers right-aligned
                line.append(c == 0 ? String.format("%-" + width[c] + "s", cell) : String.format("  %" + width[c] + "s", cell));
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (i == 0) {
                out.append("-".repeat(line.toString().stripTrailing().length())).append('\n');
            }
        }
        return out.toString();
    }

    static String fmt(double v) {
        String s = String.format("%.4f", v);
        return s.equals("-0.0000") ? "0.0000" : s; // an AMI of -6e-14 is chance, not "below zero"
    }
}
