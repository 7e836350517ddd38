package org.mto4j.pareto.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.eval.ResultsTable;
import org.mto4j.pareto.eval.Split;
import org.mto4j.pareto.io.AtomicFiles;

/** PNG plots of two objectives with XChart, rendered headless and written atomically. */
final class ParetoPlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 650;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private ParetoPlot() {
    }

    static void points(Path file, List<String> names, double[][] p, int[] front, Sense[] senses) {
        requireTwo(names.size());
        XYChart chart = chart("Pareto front", label(names.get(0), senses[0]), label(names.get(1), senses[1]));
        XYSeries all = chart.addSeries("points", column(p, null, 0), column(p, null, 1));
        style(all, new Color(150, 150, 150), false);
        addFront(chart, "front", p, front, PALETTE[1]);
        save(chart, file);
    }

    static void comparison(Path file, ResultsTable table, Split split, int[] front, int[] supported,
            String scalarization) {
        requireTwo(table.tasks().size());
        Sense[] s = table.senses();
        double[][] p = table.points(split);
        XYChart chart = chart("Runs vs the scalarization front (" + split.name().toLowerCase() + ")",
                label(table.tasks().get(0), s[0]), label(table.tasks().get(1), s[1]));
        int c = 0;
        for (String method : table.methods()) {
            int[] idx = table.indicesOf(method);
            Color color = method.equals(scalarization) ? new Color(160, 160, 160) : PALETTE[c++ % PALETTE.length];
            XYSeries series = chart.addSeries(method + " runs", column(p, idx, 0), column(p, idx, 1));
            style(series, color, false);
        }
        addFront(chart, scalarization + " front", p, front, Color.BLACK);
        if (supported.length > 0) {
            XYSeries sup = chart.addSeries("supported", column(p, supported, 0), column(p, supported, 1));
            style(sup, Color.BLACK, false);
            sup.setMarker(SeriesMarkers.DIAMOND);
        }
        save(chart, file);
    }

    private static void requireTwo(int m) {
        if (m != 2) {
            throw new IllegalArgumentException("--plot draws two objectives, got " + m);
        }
    }

    private static String label(String name, Sense sense) {
        return name + (sense == Sense.MINIMIZE ? " (lower is better)" : " (higher is better)");
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        return chart;
    }

    /** The front as a step line through its points in order of the first objective. */
    private static void addFront(XYChart chart, String name, double[][] p, int[] front, Color color) {
        Integer[] order = Arrays.stream(front).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i][0]));
        double[] x = new double[order.length];
        double[] y = new double[order.length];
        for (int t = 0; t < order.length; t++) {
            x[t] = p[order[t]][0];
            y[t] = p[order[t]][1];
        }
        XYSeries series = chart.addSeries(name, x, y);
        style(series, color, true);
    }

    private static void style(XYSeries series, Color color, boolean line) {
        series.setXYSeriesRenderStyle(line ? XYSeries.XYSeriesRenderStyle.Line : XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarkerColor(color);
        series.setLineColor(color);
        series.setMarker(line ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
        if (line) {
            series.setLineStyle(new BasicStroke(2f));
        }
    }

    private static double[] column(double[][] p, int[] idx, int j) {
        return idx == null ? Arrays.stream(p).mapToDouble(r -> r[j]).toArray()
                : Arrays.stream(idx).mapToDouble(i -> p[i][j]).toArray();
    }

    private static void save(XYChart chart, Path file) {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
