package org.mto4j.pareto.eval;

import java.util.ArrayList;
import java.util.List;
import org.mto4j.pareto.Dominance;
import org.mto4j.pareto.Sense;

/**
 * Where every run stands against the scalarization front: dominated by a front run or not, and a signed
 * additive-ε distance.
 *
 * <pre>
 *   distance(r) = max_{f ∈ front} min_k (r_k − f_k)         (metrics in minimization form)
 *     &gt; 0 : r is behind the front: some front run is better in every metric by at least that much
 *     = 0 : r is on the front's attainment surface
 *     &lt; 0 : r is beyond the front: the front would have to improve by −distance in every metric to reach it
 * </pre>
 * This is the negated additive ε-indicator of the front with respect to {r}
 * (Zitzler et al., IEEE TEVC 7(2), 2003). Distances are in the metrics' own units, so normalize the table
 * first when metrics have different scales. Reference for the comparison itself: Xin et al., NeurIPS 2022,
 * Figures 1–5.
 *
 * <p>Immutable and thread-safe; arrays are indexed by run index of the table.
 *
 * @since 0.1.0
 */
public final class FrontComparison {
    private final boolean[] dominated;
    private final double[] distance;
    private final List<String> methods;
    private final int[] runCount;
    private final int[] dominatedCount;
    private final double[] bestDistance;

    private FrontComparison(boolean[] dominated, double[] distance, List<String> methods, int[] runCount,
            int[] dominatedCount, double[] bestDistance) {
        this.dominated = dominated;
        this.distance = distance;
        this.methods = methods;
        this.runCount = runCount;
        this.dominatedCount = dominatedCount;
        this.bestDistance = bestDistance;
    }

    /** Compares every run of the table with the front, on the split the front was formed on. */
    public static FrontComparison of(ResultsTable table, ScalarizationFront front) {
        Sense[] senses = table.senses();
        Split split = front.evaluatedOn();
        double[][] all = table.points(split);
        int[] frontRuns = front.frontRuns();
        int n = all.length;
        boolean[] dominated = new boolean[n];
        double[] distance = new double[n];
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int f : frontRuns) {
                dominated[i] |= Dominance.compare(all[f], all[i], senses) == Dominance.DOMINATES;
                double gap = Double.POSITIVE_INFINITY;
                for (int k = 0; k < senses.length; k++) {
                    double sign = senses[k] == Sense.MINIMIZE ? 1 : -1;
                    gap = Math.min(gap, sign * (all[i][k] - all[f][k]));
                }
                best = Math.max(best, gap);
            }
            distance[i] = best + 0.0; // a maximized metric on the front gives −(x − x) = −0.0
        }
        List<String> methods = new ArrayList<>(table.methods());
        int[] runCount = new int[methods.size()];
        int[] dominatedCount = new int[methods.size()];
        double[] bestDistance = new double[methods.size()];
        java.util.Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            int m = methods.indexOf(table.runs().get(i).method());
            runCount[m]++;
            dominatedCount[m] += dominated[i] ? 1 : 0;
            bestDistance[m] = Math.min(bestDistance[m], distance[i]);
        }
        return new FrontComparison(dominated, distance, List.copyOf(methods), runCount, dominatedCount,
                bestDistance);
    }

    /** Whether run i is dominated by a front run. */
    public boolean dominated(int run) {
        return dominated[run];
    }

    /** The signed distance of run i to the front (positive: behind). */
    public double distance(int run) {
        return distance[run];
    }

    /** Method names, in the order of the per-method summaries. */
    public List<String> methods() {
        return methods;
    }

    /** Per method: its number of runs. */
    public int[] runCounts() {
        return runCount.clone();
    }

    /** Per method: how many of its runs a front run dominates. */
    public int[] dominatedCounts() {
        return dominatedCount.clone();
    }

    /** Per method: the smallest distance of its runs (negative: some run beats the front). */
    public double[] bestDistances() {
        return bestDistance.clone();
    }
}
