package org.mto4j.pareto.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mto4j.pareto.CrowdingDistance;
import org.mto4j.pareto.DuplicatePolicy;
import org.mto4j.pareto.Hypervolume;
import org.mto4j.pareto.NondominatedSorting;
import org.mto4j.pareto.Normalization;
import org.mto4j.pareto.ParetoFront;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.WeightVectors;
import org.mto4j.pareto.eval.FrontComparison;
import org.mto4j.pareto.eval.ResultsTable;
import org.mto4j.pareto.eval.Run;
import org.mto4j.pareto.eval.ScalarizationFront;
import org.mto4j.pareto.eval.Split;
import org.mto4j.pareto.eval.WeightingRanking;
import org.mto4j.pareto.io.Csv;
import org.mto4j.pareto.io.PointSetCsv;
import org.mto4j.pareto.io.ResultsCsv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command-line front end of mto-pareto: {@code front}, {@code ranks}, {@code hv}, {@code compare} and
 * {@code rank-utilities}. Tables go to stdout or, with {@code -o}, atomically to a CSV file; {@code --plot}
 * draws a PNG (headless). Exit code 0 on success, 2 on bad input, 1 on an unexpected error.
 *
 * @since 0.1.0
 */
@Command(name = "mto-pareto", mixinStandardHelpOptions = true, version = "mto-pareto 0.1.0",
        description = "Pareto fronts, ranks, hypervolume and the evaluation workflow of Xin et al. (2022).",
        subcommands = {ParetoCli.Front.class, ParetoCli.Ranks.class, ParetoCli.Hv.class, ParetoCli.Compare.class,
                ParetoCli.RankUtilities.class})
public final class ParetoCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the tool; returns the exit code instead of exiting (for tests and embedding). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new ParetoCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + e.getMessage());
            line.getErr().flush();
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out), new PrintWriter(System.err), args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Sense[] senses(String text) {
        String[] parts = text.split(",");
        Sense[] senses = new Sense[parts.length];
        for (int j = 0; j < parts.length; j++) {
            switch (parts[j].trim().toLowerCase(Locale.ROOT)) {
                case "min", "minimize" -> senses[j] = Sense.MINIMIZE;
                case "max", "maximize" -> senses[j] = Sense.MAXIMIZE;
                default -> throw new IllegalArgumentException("--senses: '" + parts[j]
                        + "' is neither min nor max (in '" + text + "')");
            }
        }
        return senses;
    }

    static double[] numbers(String text, String option) {
        try {
            return Arrays.stream(text.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected comma-separated numbers, got '" + text + "'");
        }
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** Options shared by the point-set commands. */
    abstract static class PointCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "CSV file with a header naming the objectives")
        Path input;

        @Option(names = {"-s", "--senses"}, required = true, description = "min or max per column, e.g. min,max")
        String senses;

        @Option(names = {"-c", "--columns"}, split = ",", description = "objective columns to read (default: all)")
        List<String> columns;

        @Option(names = {"-o", "--output"}, description = "write the result as CSV here (default: stdout)")
        Path output;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PointSetCsv.Data read() {
            return PointSetCsv.read(input, columns);
        }

        void table(List<String> header, List<List<String>> rows) {
            if (output != null) {
                Csv.write(output, header, rows);
                out().println("wrote " + rows.size() + " rows to " + output);
            } else {
                out().println(String.join(",", header));
                for (List<String> row : rows) {
                    out().println(String.join(",", row.stream().map(Csv::quote).toList()));
                }
            }
        }
    }

    @Command(name = "front", mixinStandardHelpOptions = true, description = "The non-dominated points.")
    static final class Front extends PointCommand {
        @Option(names = "--keep-first", description = "keep only the first of identical points")
        boolean keepFirst;

        @Option(names = "--plot", description = "draw the points and the front (first two objectives) to a PNG")
        Path plot;

        @Override
        public Integer call() {
            Sense[] s = senses(senses);
            PointSetCsv.Data data = read();
            int[] front = ParetoFront.indices(data.points(), s,
                    keepFirst ? DuplicatePolicy.KEEP_FIRST : DuplicatePolicy.KEEP_ALL);
            List<List<String>> rows = new ArrayList<>();
            for (int i : front) {
                List<String> row = new ArrayList<>(List.of(Integer.toString(i)));
                Arrays.stream(data.points()[i]).mapToObj(Double::toString).forEach(row::add);
                rows.add(row);
            }
            List<String> header = new ArrayList<>(List.of("index"));
            header.addAll(data.names());
            table(header, rows);
            if (plot != null) {
                ParetoPlot.points(plot, data.names(), data.points(), front, s);
                out().println("plotted to " + plot);
            }
            return 0;
        }
    }

    @Command(name = "ranks", mixinStandardHelpOptions = true,
            description = "Pareto rank (0 = first front) and crowding distance within the front of every point.")
    static final class Ranks extends PointCommand {
        @Override
        public Integer call() {
            Sense[] s = senses(senses);
            PointSetCsv.Data data = read();
            double[][] p = data.points();
            int[] rank = NondominatedSorting.ranks(p, s);
            double[] crowding = new double[p.length];
            for (int[] front : NondominatedSorting.fronts(p, s, DuplicatePolicy.KEEP_ALL)) {
                double[][] members = Arrays.stream(front).mapToObj(i -> p[i]).toArray(double[][]::new);
                double[] c = CrowdingDistance.of(members, s);
                for (int t = 0; t < front.length; t++) {
                    crowding[front[t]] = c[t];
                }
            }
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < p.length; i++) {
                rows.add(List.of(Integer.toString(i), Integer.toString(rank[i]), Double.toString(crowding[i])));
            }
            table(List.of("index", "rank", "crowding"), rows);
            return 0;
        }
    }

    @Command(name = "hv", mixinStandardHelpOptions = true, description = "Exact hypervolume (and contributions).")
    static final class Hv extends PointCommand {
        @Option(names = {"-r", "--reference"}, required = true, description = "reference point, e.g. 1,1")
        String reference;

        @Option(names = "--contributions",
                description = "also list each point's exclusive contribution, HV(P) − HV(P \\ {i})")
        boolean contributions;

        @Override
        public Integer call() {
            Sense[] s = senses(senses);
            PointSetCsv.Data data = read();
            double[] ref = numbers(reference, "--reference");
            out().println("hypervolume " + Hypervolume.of(data.points(), s, ref));
            if (contributions) {
                double[] c = Hypervolume.contributions(data.points(), s, ref);
                List<List<String>> rows = new ArrayList<>();
                for (int i = 0; i < c.length; i++) {
                    rows.add(List.of(Integer.toString(i), Double.toString(c[i])));
                }
                table(List.of("index", "contribution"), rows);
            }
            return 0;
        }
    }

    /** Options shared by the results-table commands. */
    abstract static class ResultsCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "results CSV: method,learning_rate,weight_decay,seed,"
                + "weight:<task>...,train:<task>...,test:<task>...")
        Path input;

        @Option(names = {"-s", "--senses"}, required = true, description = "min or max per task metric")
        String senses;

        @Option(names = {"-o", "--output"}, description = "write the per-run or per-weighting table here")
        Path output;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        ResultsTable read() {
            return ResultsCsv.read(input, senses(senses));
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Every run against the scalarization front (Xin et al. 2022).")
    static final class Compare extends ResultsCommand {
        @Option(names = "--scalarization", defaultValue = "ls",
                description = "method name of the weighted-sum runs (default: ${DEFAULT-VALUE})")
        String scalarization;

        @Option(names = "--select-on", defaultValue = "TRAIN",
                description = "split that picks the best run per weighting: ${COMPLETION-CANDIDATES} "
                        + "(default: ${DEFAULT-VALUE})")
        Split selectOn;

        @Option(names = "--evaluate-on", defaultValue = "TEST",
                description = "split the front is formed on (default: ${DEFAULT-VALUE})")
        Split evaluateOn;

        @Option(names = "--plot", description = "draw runs, front and supported points to a PNG (2 tasks)")
        Path plot;

        @Override
        public Integer call() {
            ResultsTable table = read();
            ScalarizationFront front = ScalarizationFront.of(table, scalarization, selectOn, evaluateOn);
            FrontComparison c = FrontComparison.of(table, front);
            int[] onFront = front.frontRuns();
            int[] supported = front.supportedRuns();
            PrintWriter out = out();
            out.println("scalarization front (" + scalarization + ", selected on " + selectOn + ", evaluated on "
                    + evaluateOn + "): " + onFront.length + " runs, " + supported.length + " supported");
            out.printf(Locale.ROOT, "%-16s %5s %9s %14s%n", "method", "runs", "dominated", "best distance");
            for (int m = 0; m < c.methods().size(); m++) {
                out.printf(Locale.ROOT, "%-16s %5d %9d %14s%n", c.methods().get(m), c.runCounts()[m],
                        c.dominatedCounts()[m], format(c.bestDistances()[m]));
            }
            out.println("distance > 0: behind the front; < 0: beyond it (additive epsilon, metric units)");
            if (output != null) {
                List<List<String>> rows = new ArrayList<>();
                for (int i = 0; i < table.size(); i++) {
                    Run r = table.runs().get(i);
                    rows.add(List.of(Integer.toString(i), r.method(), Double.toString(r.learningRate()),
                            Double.toString(r.weightDecay()), Long.toString(r.seed()),
                            Boolean.toString(Arrays.binarySearch(onFront, i) >= 0),
                            Boolean.toString(Arrays.binarySearch(supported, i) >= 0),
                            Boolean.toString(c.dominated(i)), Double.toString(c.distance(i))));
                }
                Csv.write(output, List.of("run", "method", "learning_rate", "weight_decay", "seed", "on_front",
                        "supported", "dominated", "distance"), rows);
                out.println("wrote " + rows.size() + " rows to " + output);
            }
            if (plot != null) {
                ParetoPlot.comparison(plot, table, evaluateOn, onFront, supported, scalarization);
                out.println("plotted to " + plot);
            }
            return 0;
        }
    }

    @Command(name = "rank-utilities", mixinStandardHelpOptions = true,
            description = "Which method wins under each of many task weightings (Xin et al. 2022, Fig. 6 right).")
    static final class RankUtilities extends ResultsCommand {
        @Option(names = "--split", defaultValue = "TEST", description = "metrics to rank on (default: ${DEFAULT-VALUE})")
        Split split;

        @Option(names = "--divisions", description = "Das-Dennis lattice with this many divisions")
        Integer divisions;

        @Option(names = "--random", description = "this many uniformly random weightings instead of a lattice")
        Integer random;

        @Option(names = "--seed", defaultValue = "1", description = "seed of --random (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--ideal", description = "normalization ideal point (default: best of the table)")
        String ideal;

        @Option(names = "--nadir", description = "normalization nadir point (default: worst of the table)")
        String nadir;

        @Override
        public Integer call() {
            ResultsTable table = read();
            int m = table.tasks().size();
            if (divisions != null && random != null) {
                throw new IllegalArgumentException("give --divisions or --random, not both");
            }
            double[][] weights = random != null ? WeightVectors.uniformRandom(m, random, seed)
                    : WeightVectors.dasDennis(m, divisions == null ? 100 : divisions);
            double[][] points = table.points(split);
            Sense[] s = table.senses();
            double[] lo = ideal == null ? Normalization.ideal(points, s) : numbers(ideal, "--ideal");
            double[] hi = nadir == null ? Normalization.nadir(points, s) : numbers(nadir, "--nadir");
            WeightingRanking r = WeightingRanking.of(table, split, weights, lo, hi);
            PrintWriter out = out();
            out.println(weights.length + " weightings; metrics normalized with ideal " + Arrays.toString(lo)
                    + " and nadir " + Arrays.toString(hi));
            double[] shares = r.shares();
            out.printf(Locale.ROOT, "%-16s %8s%n", "method", "share");
            for (int k = 0; k < shares.length; k++) {
                out.printf(Locale.ROOT, "%-16s %7.1f%%%n", r.methods().get(k), 100 * shares[k]);
            }
            int[] winners = r.winners();
            int[] flips = r.flips();
            out.println(flips.length + " flips of the winner along the weightings"
                    + (flips.length > 0 && flips.length <= 20 ? ":" : ""));
            if (flips.length <= 20) {
                for (int i : flips) {
                    out.println("  at " + Arrays.toString(weights[i]) + ": " + r.methods().get(winners[i - 1])
                            + " -> " + r.methods().get(winners[i]));
                }
            }
            if (output != null) {
                List<String> header = new ArrayList<>();
                table.tasks().forEach(t -> header.add("weight:" + t));
                header.add("winner");
                List<List<String>> rows = new ArrayList<>();
                for (int i = 0; i < weights.length; i++) {
                    List<String> row = new ArrayList<>();
                    Arrays.stream(weights[i]).mapToObj(Double::toString).forEach(row::add);
                    row.add(r.methods().get(winners[i]));
                    rows.add(row);
                }
                Csv.write(output, header, rows);
                out.println("wrote " + rows.size() + " rows to " + output);
            }
            return 0;
        }
    }
}
