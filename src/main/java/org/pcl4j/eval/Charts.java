package org.pcl4j.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.pcl4j.InputException;
import org.pcl4j.data.AtomicFiles;
import org.pcl4j.train.EpochMetrics;

/** PNG charts with JFreeChart (LGPL), drawn headless: the t-SNE scatter and the training curves. */
public final class Charts {
    /** Tableau-10, then a few more distinct colours for up to 20 classes. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
        new Color(0xaec7e8), new Color(0xffbb78), new Color(0x98df8a), new Color(0xff9896), new Color(0xc5b0d5),
        new Color(0xc49c94), new Color(0xf7b6d2), new Color(0xc7c7c7), new Color(0xdbdb8d), new Color(0x9edae5),
    };

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    static Color colour(int i) {
        Color base = PALETTE[Math.floorMod(i, PALETTE.length)];
        return i < PALETTE.length ? base : Color.getHSBColor((i * 0.618034f) % 1, 0.7f, 0.8f);
    }

    /**
     * Scatter of 2-D points coloured by label, legend of class names.
     *
     * @param xy         row-major (n, 2)
     * @param classNames name of each label; labels beyond the list are named by number
     */
    public static void scatter(float[] xy, int[] labels, List<String> classNames, String title, Path png, int width, int height) {
        // One series per label present, in label order; a map, not an array sized by the largest label,
        // which may be an id such as 700000000.
        java.util.SortedMap<Integer, XYSeries> series = new java.util.TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            series.computeIfAbsent(c, l -> new XYSeries(l >= 0 && l < classNames.size() ? classNames.get(l) : "class " + l, false, true))
                    .add(xy[2 * i], xy[2 * i + 1], false);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series.values()) {
            data.addSeries(s);
        }
        List<Integer> seriesLabels = new ArrayList<>(series.keySet());
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        double dot = labels.length > 2000 ? 3 : 5;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            int label = seriesLabels.get(s);
            r.setSeriesPaint(s, colour(label));
            r.setSeriesShape(s, new Ellipse2D.Double(-dot / 2, -dot / 2, dot, dot));
        }
        NumberAxis x = new NumberAxis("t-SNE 1");
        NumberAxis y = new NumberAxis("t-SNE 2");
        x.setAutoRangeIncludesZero(false);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.RIGHT);
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, png, width, height);
    }

    /** One panel of the curves chart: a title and the series drawn on it. */
    record Panel(String axis, List<String> names, List<Function<EpochMetrics, Double>> values) {}

    /**
     * The curves chart's panels and series that have at least one finite value in {@code epochs}:
     * a run without the kNN monitor gets no empty kNN panel, an instance-only run no prototype series.
     */
    static List<Panel> panelsWithData(List<EpochMetrics> epochs) {
        List<Panel> all = List.of(
                new Panel("loss", List.of("loss", "loss_instance", "loss_proto"),
                        List.of(EpochMetrics::loss, EpochMetrics::lossInstance, EpochMetrics::lossProto)),
                new Panel("accuracy (fraction of the batch)", List.of("acc_instance", "acc_proto"),
                        List.of(EpochMetrics::accInstance, EpochMetrics::accProto)),
                new Panel("kNN top-1", List.of("knn_top1"), List.of(EpochMetrics::knnTop1)));
        List<Panel> kept = new ArrayList<>();
        for (Panel p : all) {
            List<String> names = new ArrayList<>();
            List<Function<EpochMetrics, Double>> values = new ArrayList<>();
            for (int s = 0; s < p.names().size(); s++) {
                Function<EpochMetrics, Double> f = p.values().get(s);
                if (epochs.stream().map(f).anyMatch(v -> v != null && Double.isFinite(v))) {
                    names.add(p.names().get(s));
                    values.add(f);
                }
            }
            if (!names.isEmpty()) {
                kept.add(new Panel(p.axis(), List.copyOf(names), List.copyOf(values)));
            }
        }
        return kept;
    }

    /** Loss, accuracy and (when monitored) kNN top-1 per epoch, panels over a shared epoch axis; absent values leave gaps. */
    public static void curves(List<EpochMetrics> epochs, String title, Path png, int width, int height) {
        List<Panel> panels = panelsWithData(epochs);
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(epochAxis);
        combined.setGap(12);
        int colour = 0;
        for (Panel p : panels) {
            XYSeriesCollection data = new XYSeriesCollection();
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, epochs.size() <= 60);
            for (int s = 0; s < p.names().size(); s++) {
                XYSeries series = new XYSeries(p.names().get(s), true, false);
                for (EpochMetrics e : epochs) {
                    Double v = p.values().get(s).apply(e);
                    boolean gap = v == null || !Double.isFinite(v); // absent, or NaN/Inf: a gap
                    series.add((Number) Integer.valueOf(e.epoch()), gap ? null : (Number) v);
                }
                data.addSeries(series);
                r.setSeriesPaint(s, colour(colour++));
                r.setSeriesStroke(s, new BasicStroke(2f));
                r.setSeriesShape(s, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            }
            NumberAxis axis = new NumberAxis(p.axis());
            axis.setAutoRangeIncludesZero(false);
            XYPlot plot = new XYPlot(data, null, axis, r);
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            combined.add(plot, 1);
        }
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, png, width, height);
    }

    /**
     * Renders, then writes through {@link AtomicFiles}: a picture that cannot be drawn (too large for the
     * heap) or written (a full disk) leaves an existing file at {@code png} as it was.
     */
    private static void save(JFreeChart chart, Path png, int width, int height) {
        java.awt.image.BufferedImage image = chart.createBufferedImage(width, height);
        try {
            AtomicFiles.write(png, out -> ChartUtils.writeBufferedImageAsPNG(out, image));
        } catch (IOException e) {
            throw new InputException(png + ": cannot write PNG (" + AtomicFiles.reason(e) + ")", e);
        }
    }
}
