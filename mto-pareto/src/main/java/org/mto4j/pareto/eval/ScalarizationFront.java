package org.mto4j.pareto.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mto4j.pareto.DuplicatePolicy;
import org.mto4j.pareto.ParetoFront;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.SupportedPoints;

/**
 * The scalarization front of Xin et al. (2022): what plain weighted-sum training reaches when its
 * hyper-parameters are tuned for each task weighting.
 *
 * <pre>
 *   for each distinct task-weight vector w of the scalarization runs:
 *       best(w) = argmin over runs r with weights w of  Σ_k w_k · s_k · metric_k(r, selectOn)
 *                 (s_k = +1 for a minimized metric, −1 for a maximized one; ties: smallest run index)
 *   front    = the non-dominated runs among { best(w) }, compared on the evaluateOn metrics
 *   supported = the front runs that minimize some weighted sum of the evaluateOn metrics (lower convex hull)
 * </pre>
 * The selection runs over every hyper-parameter setting and seed of the weighting; to select on the mean
 * over seeds, average the table first. Reference: D. Xin, B. Ghorbani, A. Garg, O. Firat, J. Gilmer, "Do
 * current multi-task optimization methods in deep learning even help?", NeurIPS 2022, arXiv:2209.11379,
 * Section 3 and Figure 1.
 *
 * <p>Immutable and thread-safe; all indices are run indices of the table.
 *
 * @since 0.1.0
 */
public final class ScalarizationFront {
    private final double[][] weightings;
    private final int[] best;
    private final int[] front;
    private final int[] supported;
    private final Split evaluateOn;

    private ScalarizationFront(double[][] weightings, int[] best, int[] front, int[] supported, Split evaluateOn) {
        this.weightings = weightings;
        this.best = best;
        this.front = front;
        this.supported = supported;
        this.evaluateOn = evaluateOn;
    }

    /**
     * Builds the scalarization front of one method of a table.
     *
     * @param table      the results
     * @param method     the name of the weighted-sum runs in the table (each with task weights)
     * @param selectOn   split whose weighted sum picks the best run per weighting
     * @param evaluateOn split on which the front is formed
     */
    public static ScalarizationFront of(ResultsTable table, String method, Split selectOn, Split evaluateOn) {
        if (table == null || selectOn == null || evaluateOn == null) {
            throw new IllegalArgumentException("table, selectOn and evaluateOn must not be null");
        }
        int[] runs = table.indicesOf(method);
        if (runs.length == 0) {
            throw new IllegalArgumentException("no runs of method '" + method + "'; methods are " + table.methods());
        }
        Sense[] senses = table.senses();
        List<double[]> weightings = new ArrayList<>();
        List<Integer> best = new ArrayList<>();
        List<Double> bestScore = new ArrayList<>();
        for (int i : runs) {
            Run r = table.runs().get(i);
            if (!r.hasTaskWeights()) {
                throw new IllegalArgumentException("run " + i + " (" + r + ") of method '" + method
                        + "' has no task weights");
            }
            if (r.metricCount(selectOn) == 0) {
                throw new IllegalArgumentException("run " + i + " (" + r + ") has no " + selectOn + " metrics");
            }
            double[] w = r.taskWeights();
            double score = 0;
            for (int k = 0; k < w.length; k++) {
                score += w[k] * (senses[k] == Sense.MINIMIZE ? 1 : -1) * r.metric(selectOn, k);
            }
            int slot = 0;
            while (slot < weightings.size() && !Arrays.equals(weightings.get(slot), w)) {
                slot++;
            }
            if (slot == weightings.size()) {
                weightings.add(w);
                best.add(i);
                bestScore.add(score);
            } else if (score < bestScore.get(slot)) {
                best.set(slot, i);
                bestScore.set(slot, score);
            }
        }
        int[] bestRuns = best.stream().mapToInt(Integer::intValue).toArray();
        double[][] points = table.points(evaluateOn, bestRuns);
        int[] frontPos = ParetoFront.indices(points, senses, DuplicatePolicy.KEEP_ALL);
        double[][] frontPoints = new double[frontPos.length][];
        int[] frontRuns = new int[frontPos.length];
        for (int t = 0; t < frontPos.length; t++) {
            frontPoints[t] = points[frontPos[t]];
            frontRuns[t] = bestRuns[frontPos[t]];
        }
        boolean[] isSupported = SupportedPoints.mask(frontPoints, senses);
        int[] supportedRuns = java.util.stream.IntStream.range(0, frontRuns.length).filter(t -> isSupported[t])
                .map(t -> frontRuns[t]).toArray();
        Arrays.sort(frontRuns);
        Arrays.sort(supportedRuns);
        return new ScalarizationFront(weightings.toArray(new double[0][]), bestRuns, frontRuns, supportedRuns,
                evaluateOn);
    }

    /** The distinct task-weight vectors, in order of first appearance (copies). */
    public double[][] weightings() {
        double[][] out = new double[weightings.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = weightings[i].clone();
        }
        return out;
    }

    /** For each weighting, the index of its best run. */
    public int[] bestRuns() {
        return best.clone();
    }

    /** The run indices of the non-dominated best runs, ascending. */
    public int[] frontRuns() {
        return front.clone();
    }

    /** The run indices of the supported front runs, ascending. */
    public int[] supportedRuns() {
        return supported.clone();
    }

    /** The split the front was formed on. */
    public Split evaluatedOn() {
        return evaluateOn;
    }
}
