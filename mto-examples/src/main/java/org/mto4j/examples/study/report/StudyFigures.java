package org.mto4j.examples.study.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mto4j.pareto.DuplicatePolicy;
import org.mto4j.pareto.ParetoFront;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.eval.ResultsTable;
import org.mto4j.pareto.eval.ScalarizationFront;
import org.mto4j.pareto.eval.Split;
import org.mto4j.pareto.eval.TuningSensitivity;
import org.mto4j.pareto.io.AtomicFiles;

/**
 * The report's PNG figures, drawn with XChart (headless) and written atomically. Each method keeps one colour
 * and marker in every figure.
 *
 * <p>Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class StudyFigures {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 620;
    /** At most this many points of a weight trace are drawn (consecutive steps are averaged). */
    public static final int TRACE_POINTS = 400;
    private static final Color FRONT = Color.BLACK;
    private static final Color SCALARIZATION_RUNS = new Color(185, 185, 185);
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
        new Color(0xbcbd22), new Color(0x7f7f7f)};
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS};

    private StudyFigures() {
    }

    /** The colour of the i-th non-scalarization method. */
    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /**
     * Trade-off of two tasks on one split (the paper's Figures 2 and 5): every scalarization run in grey, the
     * scalarization front as a black line, and each other method's non-dominated runs as markers, with its
     * selected run (drawn too when another of its runs dominates it) labelled with its name.
     *
     * @param selected per method other than scalarization, the run index to label
     */
    public static void tradeoff(Path file, ResultsTable table, Split split, ScalarizationFront front,
            Map<String, Integer> selected, String scalarization, String title) {
        if (table.tasks().size() != 2) {
            throw new IllegalArgumentException("a trade-off plot needs 2 tasks, got " + table.tasks());
        }
        Sense[] senses = table.senses();
        double[][] p = table.points(split);
        XYChart chart = xyChart(title, axis(table.tasks().get(0), senses[0], split),
                axis(table.tasks().get(1), senses[1], split));
        int[] ls = table.indicesOf(scalarization);
        XYSeries grey = chart.addSeries(scalarization + " runs", column(p, ls, 0), column(p, ls, 1));
        scatter(grey, SCALARIZATION_RUNS, SeriesMarkers.CIRCLE);
        List<double[]> shown = new ArrayList<>();
        Integer[] order = Arrays.stream(front.frontRuns()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i][0]));
        double[] fx = Arrays.stream(order).mapToDouble(i -> p[i][0]).toArray();
        double[] fy = Arrays.stream(order).mapToDouble(i -> p[i][1]).toArray();
        XYSeries line = chart.addSeries(scalarization + " front", fx, fy);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setLineColor(FRONT);
        line.setMarkerColor(FRONT);
        line.setMarker(SeriesMarkers.SQUARE);
        line.setLineStyle(new BasicStroke(2.2f));
        for (Integer i : order) {
            shown.add(p[i]);
        }
        int c = 0;
        List<Object[]> labels = new ArrayList<>();
        for (String method : table.methods()) {
            if (method.equals(scalarization)) {
                continue;
            }
            int[] runs = table.indicesOf(method);
            double[][] points = table.points(split, runs);
            int best = selected.get(method);
            int[] nd = ParetoFront.indices(points, senses, DuplicatePolicy.KEEP_FIRST);
            int[] drawn = IntStream.concat(Arrays.stream(nd).map(t -> runs[t]), IntStream.of(best)).distinct()
                    .toArray();
            XYSeries s = chart.addSeries(method, column(p, drawn, 0), column(p, drawn, 1));
            scatter(s, color(c), MARKERS[c % MARKERS.length]);
            for (int r : drawn) {
                shown.add(p[r]);
            }
            labels.add(new Object[] {method, p[best]});
            c++;
        }
        double[] range = zoom(chart, shown);
        for (Object[] label : labels) {
            double[] at = (double[]) label[1];
            // centred above the marker, clear of it
            chart.addAnnotation(new AnnotationText((String) label[0], at[0], at[1] + 0.035 * range[1], false));
        }
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        save(chart, file);
    }

    /**
     * Axis bounds around the points that matter (front and non-dominated runs), with a margin; returns the
     * width of the x and y ranges.
     */
    private static double[] zoom(XYChart chart, List<double[]> points) {
        double[] range = new double[2];
        for (int j = 0; j < 2; j++) {
            final int axis = j;
            double lo = points.stream().mapToDouble(q -> q[axis]).min().orElse(0);
            double hi = points.stream().mapToDouble(q -> q[axis]).max().orElse(1);
            double margin = hi > lo ? 0.08 * (hi - lo) : Math.max(1e-3, 0.05 * Math.abs(lo));
            if (axis == 0) {
                chart.getStyler().setXAxisMin(lo - margin).setXAxisMax(hi + margin);
            } else {
                chart.getStyler().setYAxisMin(lo - margin).setYAxisMax(hi + margin);
            }
            range[axis] = hi - lo + 2 * margin;
        }
        return range;
    }

    /**
     * The task weights of each method over training (the paper's Figure 3), one panel per method in a grid of
     * two columns.
     */
    public static void weightTraces(Path file, Map<String, WeightTrace> traces, List<String> tasks) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("no weight traces to plot");
        }
        List<XYChart> panels = new ArrayList<>();
        for (Map.Entry<String, WeightTrace> e : traces.entrySet()) {
            WeightTrace trace = e.getValue();
            XYChart chart = new XYChartBuilder().width(WIDTH / 2).height(HEIGHT / 2).title(e.getKey())
                    .xAxisTitle("step").yAxisTitle("task weight").build();
            style(chart);
            chart.getStyler().setMarkerSize(0);
            double[][] binned = trace.binned(TRACE_POINTS);
            // explicit bounds: XChart's automatic ticks crowd a narrow panel
            chart.getStyler().setXAxisMin(Math.min(0, binned[0][0])).setXAxisMax(binned[0][binned[0].length - 1]);
            chart.getStyler().setXAxisTickMarkSpacingHint(90);
            chart.getStyler().setXAxisDecimalPattern("#");
            for (int k = 0; k < trace.numTasks(); k++) {
                String name = k < tasks.size() ? tasks.get(k) : "task " + k;
                XYSeries s = chart.addSeries(name, binned[0], binned[k + 1]);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setLineColor(PALETTE[k % PALETTE.length]);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineStyle(new BasicStroke(1.6f));
            }
            panels.add(chart);
        }
        // our own grid: XChart's needs exactly rows x cols charts, so an odd number of methods would fail
        int cols = panels.size() == 1 ? 1 : 2;
        int rows = (panels.size() + cols - 1) / cols;
        BufferedImage grid = new BufferedImage(cols * (WIDTH / 2), rows * (HEIGHT / 2), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), (i % cols) * (WIDTH / 2),
                    (i / cols) * (HEIGHT / 2), null);
        }
        g.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(grid, "png", out));
    }

    /**
     * The rank of every method (1 = best utility) under each evaluation weighting (the paper's Figure 6, right);
     * x is the weight of the first task for two tasks, the weighting's index otherwise.
     */
    public static void ranking(Path file, StudyAnalysis analysis, List<String> tasks) {
        var ranking = analysis.ranking();
        double[][] weights = analysis.rankingWeights();
        List<String> methods = ranking.methods();
        int n = weights.length;
        double[] x = new double[n];
        double[][] rank = new double[methods.size()][n];
        for (int i = 0; i < n; i++) {
            x[i] = tasks.size() == 2 ? weights[i][0] : i;
            int[] order = ranking.ranking(i);
            for (int r = 0; r < order.length; r++) {
                rank[order[r]][i] = -(r + 1);
            }
        }
        XYChart chart = xyChart("Rank of each method as the evaluation weighting varies (test, normalised)",
                tasks.size() == 2 ? "weight of task " + tasks.get(0) + " (task " + tasks.get(1) + ": 1 minus it)"
                        : "evaluation weighting (Das-Dennis lattice index)", "rank (1 = best)");
        chart.getStyler().setMarkerSize(4);
        // y = −rank, so that rank 1 is at the top; one tick per rank (XChart needs distinct labels for every tick)
        chart.getStyler().setYAxisMin(-(methods.size() + 0.5)).setYAxisMax(-0.5);
        chart.getStyler().setYAxisTickMarkSpacingHint(Math.max(25, (HEIGHT - 200) / methods.size()));
        chart.setCustomYAxisTickLabelsFormatter(v -> Math.abs(v - Math.rint(v)) < 1e-9
                ? Integer.toString((int) -Math.rint(v)) : String.format(java.util.Locale.ROOT, "%.1f", -v));
        int c = 0;
        for (int m = 0; m < methods.size(); m++) {
            boolean ls = methods.get(m).equals(analysis.scalarization());
            XYSeries s = chart.addSeries(methods.get(m), x, rank[m]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            Color color = ls ? FRONT : color(c++);
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(ls ? 3f : 1.6f));
        }
        save(chart, file);
    }

    /**
     * Per method, the spread of the best test score over the sparse learning-rate grids next to the spread over
     * seeds at the best learning rate (the paper's Figure 6, left, and Figure 11).
     */
    public static void tuning(Path file, Map<String, TuningSensitivity> tuning) {
        List<String> methods = new ArrayList<>(tuning.keySet());
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Spread of the best test score: sparse learning-rate grids vs seeds")
                .xAxisTitle("method").yAxisTitle("spread of the test score (sum of task metrics)").build();
        style(chart);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setYAxisDecimalPattern("0.###");
        chart.addSeries("over sparse grids {k·1e-3, k·1e-2, k·1e-1}", methods,
                methods.stream().map(m -> (Number) tuning.get(m).gridSpread()).toList())
                .setFillColor(PALETTE[0]);
        chart.addSeries("over seeds at the best learning rate", methods,
                methods.stream().map(m -> (Number) tuning.get(m).seedSpread()).toList())
                .setFillColor(PALETTE[4]);
        save(chart, file);
    }

    private static String axis(String task, Sense sense, Split split) {
        return task + ", " + split.name().toLowerCase(java.util.Locale.ROOT)
                + (sense == Sense.MINIMIZE ? " (lower is better)" : " (higher is better)");
    }

    private static XYChart xyChart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        style(chart);
        chart.getStyler().setMarkerSize(9);
        return chart;
    }

    private static void style(Chart<?, ?> chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        if (s instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            axes.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        }
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAntiAlias(true);
    }

    private static void scatter(XYSeries series, Color color, Marker marker) {
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarkerColor(color);
        series.setMarker(marker);
    }

    private static double[] column(double[][] p, int[] idx, int j) {
        return Arrays.stream(idx).mapToDouble(i -> p[i][j]).toArray();
    }

    private static void save(Chart<?, ?> chart, Path file) {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
