package org.mto4j.optimizers;

import java.util.List;
import java.util.Set;

import org.mto4j.core.ColumnBlocks;
import org.mto4j.core.Combination;
import org.mto4j.core.CombinerSpec;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Coordinate-wise trimmed mean: in every coordinate, drop the t largest and the t smallest of the K task values and
 * average the rest.
 * <pre>
 *   d_p = 1/(K − 2t) · Σ_{r = t+1}^{K−t} J_(r),p      J_(1),p ≤ … ≤ J_(K),p the sorted column p
 * </pre>
 * A robust aggregator from Byzantine-tolerant distributed learning: up to t arbitrarily corrupted rows cannot move
 * d outside the range of the honest values. Requires K ≥ 2t + 1.
 *
 * <p>Yin, Chen, Ramchandran, Bartlett, "Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates",
 * ICML 2018 (arXiv:1803.01498); as offered by TorchJD ({@code TrimmedMean(trim_number)}).
 *
 * <p>Option: {@code trim_number} (t ≥ 0; default {@value #DEFAULT_TRIM_NUMBER}, TorchJD has no default). TorchJD's
 * {@code TrimmedMean(trim_number=t)} is reproduced exactly.
 *
 * <p><b>Weights.</b> d is not a weighted sum of the rows (each coordinate keeps other tasks). The weight reported for
 * task i is cᵢ = Σ_p m_ip g_ip² / Σ_p g_ip², where m_ip = 1/(K − 2t) when task i's value is kept in coordinate p and 0
 * otherwise: the coefficient of the projection of task i's kept part onto gᵢ (the plain mean of m_ip for a zero row).
 * A task never trimmed gets 1/(K − 2t), as in the mean. Ties are broken by task index.
 *
 * <p>Cost: J is read once, column blocks sorted on the host ({@link ColumnBlocks}), O(K²) per column for the
 * insertion sort (ND4J's sort along the task axis takes over a second at K = 8, P = 10⁶).
 *
 * <p>Thread safety: immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class TrimmedMean extends FullJacobianCombiner {

    /** Registry name. */
    public static final String NAME = "trimmed-mean";
    /** Values trimmed at each end unless the user says otherwise: the least that trims anything. */
    public static final int DEFAULT_TRIM_NUMBER = 1;

    private final int trimNumber;

    private TrimmedMean(int trimNumber) {
        if (trimNumber < 0) {
            throw new IllegalArgumentException("trim_number must be >= 0, got " + trimNumber);
        }
        this.trimNumber = trimNumber;
    }

    /**
     * The trimmed mean with {@value #DEFAULT_TRIM_NUMBER} value trimmed at each end.
     *
     * @return the combiner
     */
    public static TrimmedMean defaults() {
        return new TrimmedMean(DEFAULT_TRIM_NUMBER);
    }

    /**
     * The same method trimming another number of values.
     *
     * @param trimNumber t &ge; 0, values dropped at each end of every coordinate
     * @return the combiner
     */
    public TrimmedMean withTrimNumber(int trimNumber) {
        return new TrimmedMean(trimNumber);
    }

    /**
     * t.
     *
     * @return the number of values dropped at each end of every coordinate
     */
    public int trimNumber() {
        return trimNumber;
    }

    @Override
    Combination step(TaskGradients gradients, TaskLosses losses, INDArray out) {
        int k = gradients.numTasks();
        if (k < 2 * trimNumber + 1) {
            throw new IllegalArgumentException(NAME + " with trim_number = " + trimNumber + " needs K >= "
                    + (2 * trimNumber + 1) + " tasks, got K = " + k);
        }
        List<Worker> workers = ColumnBlocks.run(gradients, out, () -> new Worker(k, trimNumber));
        double[] kept = new double[k];
        double[] energy = new double[k];
        long[] keptColumns = new long[k];
        for (Worker w : workers) {
            for (int i = 0; i < k; i++) {
                kept[i] += w.kept[i];
                energy[i] += w.energy[i];
                keptColumns[i] += w.keptColumns[i];
            }
        }
        double share = 1.0 / (k - 2 * trimNumber);
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            weights[i] = energy[i] > 0 ? share * kept[i] / energy[i]
                    : share * keptColumns[i] / gradients.numParams();
        }
        return new Combination(out, Weights.of(weights), null);
    }

    /** One part's columns: sorts each column's K values (indices, ties by task), sums the middle ones. */
    private static final class Worker implements ColumnBlocks.Worker {
        private final int k;
        private final int trim;
        private final int[] order;
        private final double[] kept;
        private final double[] energy;
        private final long[] keptColumns;

        Worker(int k, int trim) {
            this.k = k;
            this.trim = trim;
            this.order = new int[k];
            this.kept = new double[k];
            this.energy = new double[k];
            this.keptColumns = new long[k];
        }

        @Override
        public void block(long firstColumn, int length, double[][] rows, double[] direction) {
            double share = 1.0 / (k - 2 * trim);
            for (int v = 0; v < length; v++) {
                for (int i = 0; i < k; i++) {
                    double x = rows[i][v];
                    int r = i;
                    while (r > 0 && rows[order[r - 1]][v] > x) {
                        order[r] = order[r - 1];
                        r--;
                    }
                    order[r] = i;
                }
                double sum = 0;
                for (int r = trim; r < k - trim; r++) {
                    int i = order[r];
                    double x = rows[i][v];
                    sum += x;
                    kept[i] += x * x;
                    keptColumns[i]++;
                }
                direction[v] = sum * share;
            }
            for (int i = 0; i < k; i++) {
                double[] row = rows[i];
                double e = 0;
                for (int v = 0; v < length; v++) {
                    e += row[v] * row[v];
                }
                energy[i] += e;
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Stateless.
     *
     * @return this
     */
    @Override
    public TrimmedMean copy() {
        return this;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "coordinate-wise trimmed mean: drop the t largest and t smallest task values",
                Set.of("trim_number"), o -> new TrimmedMean(o.getInt("trim_number", DEFAULT_TRIM_NUMBER)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrimmedMean && ((TrimmedMean) o).trimNumber == trimNumber;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(trimNumber);
    }

    @Override
    public String toString() {
        return NAME + "(trim_number=" + trimNumber + ")";
    }
}
