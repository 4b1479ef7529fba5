package org.pcl4j.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.pcl4j.InputException;
import org.pcl4j.data.AtomicFiles;
import org.pcl4j.data.Image;

/**
 * The paper's qualitative figure (ALGORITHM.md §7 pictures): rows of random images, one row per randomly
 * chosen cluster of one granularity. {@link #pick} chooses what to show from the assignments;
 * {@link #render} draws images that the caller loaded for those indices.
 */
public final class ClusterGrid {
    /** Pixels between cells and left of each row for its label. */
    static final int GAP = 2;
    static final int LABEL_WIDTH = 104;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ClusterGrid() {}

    /** Sample indices of one cluster to show in a row. */
    public record Row(int cluster, int clusterSize, int[] indices) {}

    /**
     * Chooses {@code clusters} random clusters among those with at least {@code perCluster} members
     * (all non-empty ones if too few qualify) and {@code perCluster} random members of each.
     */
    public static List<Row> pick(int[] assignments, int clusters, int perCluster, long seed) {
        // Clusters are numbered as given (dense cluster indices or arbitrary ids), so they are grouped by
        // number, not into an array sized by the largest one (2^31 lists for an id near Integer.MAX_VALUE).
        int[] dense = LabelledFeatures.denseLabels(assignments)[0];
        int[] ids = java.util.Arrays.stream(assignments).distinct().sorted().toArray();
        int k = ids.length;
        List<List<Integer>> members = Sampling.byClass(dense, k);
        List<Integer> eligible = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (members.get(c).size() >= perCluster) {
                eligible.add(c);
            }
        }
        if (eligible.size() < clusters) {
            eligible.clear();
            for (int c = 0; c < k; c++) {
                eligible.add(c); // every cluster that has a member
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = Sampling.shuffled(eligible, rng);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < Math.min(clusters, order.length); r++) {
            int c = order[r];
            int[] s = Sampling.shuffled(members.get(c), rng);
            rows.add(new Row(ids[c], s.length, java.util.Arrays.copyOf(s, Math.min(perCluster, s.length))));
        }
        return rows;
    }

    /**
     * Draws a grid: row r holds {@code images.get(r)}, each scaled to {@code cell}×{@code cell}, with
     * {@code rowLabels.get(r)} on its left (lines split at '\\n'). Width = LABEL_WIDTH + maxPerRow·(cell+GAP) + GAP,
     * height = rows·(cell+GAP) + GAP.
     */
    public static BufferedImage render(List<List<Image>> images, List<String> rowLabels, int cell) {
        int cols = images.stream().mapToInt(List::size).max().orElse(0);
        int width = Math.toIntExact(width(cols, cell));
        int height = Math.toIntExact(height(images.size(), cell));
        BufferedImage out = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font("SansSerif", Font.PLAIN, Math.max(10, Math.min(14, cell / 3))));
        for (int r = 0; r < images.size(); r++) {
            int y = GAP + r * (cell + GAP);
            g.setColor(Color.BLACK);
            if (r < rowLabels.size()) {
                // one text line per '\n', centred vertically on the row
                String[] lines = rowLabels.get(r).split("\n");
                int lineHeight = g.getFontMetrics().getHeight();
                int top = y + (cell - lines.length * lineHeight) / 2 + g.getFontMetrics().getAscent();
                for (int l = 0; l < lines.length; l++) {
                    g.drawString(lines[l], 4, top + l * lineHeight);
                }
            }
            for (int c = 0; c < images.get(r).size(); c++) {
                g.drawImage(toAwt(images.get(r).get(c)), LABEL_WIDTH + GAP + c * (cell + GAP), y, cell, cell, null);
            }
        }
        g.dispose();
        return out;
    }

    /** Width in pixels of a grid of {@code cols} images per row of side {@code cell} (long: checked before drawing). */
    public static long width(int cols, int cell) {
        return LABEL_WIDTH + cols * ((long) cell + GAP) + GAP;
    }

    /** Height in pixels of a grid of {@code rows} rows of side {@code cell}. */
    public static long height(int rows, int cell) {
        return rows * ((long) cell + GAP) + GAP;
    }

    static BufferedImage toAwt(Image im) {
        BufferedImage b = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < im.height(); y++) {
            for (int x = 0; x < im.width(); x++) {
                int r = im.at(y, x, 0);
                int gr = im.channels() == 3 ? im.at(y, x, 1) : r;
                int bl = im.channels() == 3 ? im.at(y, x, 2) : r;
                b.setRGB(x, y, (r << 16) | (gr << 8) | bl);
            }
        }
        return b;
    }

    /** Writes any picture as PNG, creating parent folders; through {@link AtomicFiles}, so a failed write keeps an existing file. */
    public static void writePng(BufferedImage image, Path png) {
        try {
            AtomicFiles.write(png, out -> {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer");
                }
            });
        } catch (IOException e) {
            throw new InputException(png + ": cannot write PNG (" + AtomicFiles.reason(e) + ")", e);
        }
    }
}
