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
 * task i is cᵢ = Σ_p m_ip g_ip² / Σ_p g_ip², where m_ip is task i's coefficient in coordinate p: 1/(K − 2t) when its
 * value is kept and 0 when it is trimmed; tasks whose value equals the smallest or largest kept value share the
 * kept places at that value equally, so the coefficients of a coordinate always sum to 1. cᵢ is the coefficient of
 * the projection of task i's kept part onto gᵢ (the plain mean of m_ip for a zero row); a task never trimmed gets
 * 1/(K − 2t), as in the mean.
 *
 * <p>Cost: J is read once ({@link ColumnBlocks}); each block of columns is sorted by Batcher's odd-even merge
 * network, O(K log² K) vectorised min/max passes (ND4J's sort along the task axis takes over a second at K = 8,
 * P = 10⁶), then O(K) passes find the coefficients.
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
        double[] keptColumns = new double[k];
        for (Worker w : workers) {
            for (int i = 0; i < k; i++) {
                double[] t = w.totals(i);
                kept[i] += t[0];
                energy[i] += t[1];
                keptColumns[i] += t[2];
            }
        }
        Lanes.requireFiniteSquares(NAME, kept, energy);
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            weights[i] = energy[i] > 0 ? kept[i] / energy[i] : keptColumns[i] / gradients.numParams();
        }
        return new Combination(out, Weights.of(weights), null);
    }

    /**
     * One part's columns, as whole-block loops that each write one array (the JIT vectorises them): the K rows of
     * the block are sorted coordinate-wise by Batcher's odd-even merge network of min/max pairs, the middle rows
     * summed; then each task's coefficient is found from where its value lies against the smallest and largest kept
     * values, with branch-free indicators.
     */
    private static final class Worker implements ColumnBlocks.Worker {
        /** 2⁶⁰⁰: twice applied, it takes the smallest positive double past 1, so min(x · 2⁶⁰⁰ · 2⁶⁰⁰, 1) is [x &gt; 0]. */
        private static final double BIG = 0x1p600;

        private final int k;
        private final int trim;
        private final double share;
        private final int[] low;
        private final int[] high;
        private final double[][] sorted;
        private double[] spare;
        private final double[] eqLow = new double[ColumnBlocks.BLOCK];
        private final double[] eqHigh = new double[ColumnBlocks.BLOCK];
        private final double[] slotsLow = new double[ColumnBlocks.BLOCK];
        private final double[] slotsHigh = new double[ColumnBlocks.BLOCK];
        private final double[] coefficient = new double[ColumnBlocks.BLOCK];
        private final double[][] kept;
        private final double[][] energy;
        private final double[][] keptColumns;

        Worker(int k, int trim) {
            this.k = k;
            this.trim = trim;
            this.share = 1.0 / (k - 2 * trim);
            int[][] network = network(k);
            this.low = network[0];
            this.high = network[1];
            this.sorted = new double[k][ColumnBlocks.BLOCK];
            this.spare = new double[ColumnBlocks.BLOCK];
            this.kept = new double[k][ColumnBlocks.BLOCK];
            this.energy = new double[k][ColumnBlocks.BLOCK];
            this.keptColumns = new double[k][ColumnBlocks.BLOCK];
        }

        /** [a &lt; b], branch-free. */
        private static double less(double a, double b) {
            return Math.min(Math.max(b - a, 0.0) * BIG * BIG, 1.0);
        }

        /** [a = b], branch-free. */
        private static double equal(double a, double b) {
            return 1.0 - Math.min(Math.abs(a - b) * BIG * BIG, 1.0);
        }

        @Override
        public void block(long firstColumn, int length, double[][] rows, double[] direction) {
            for (int i = 0; i < k; i++) {
                System.arraycopy(rows[i], 0, sorted[i], 0, length);
            }
            for (int c = 0; c < low.length; c++) {
                double[] a = sorted[low[c]];
                double[] b = sorted[high[c]];
                double[] min = spare;
                for (int v = 0; v < length; v++) {
                    min[v] = Math.min(a[v], b[v]);
                }
                for (int v = 0; v < length; v++) {
                    b[v] = Math.max(a[v], b[v]);
                }
                sorted[low[c]] = min;
                spare = a;
            }
            java.util.Arrays.fill(direction, 0, length, 0.0);
            for (int r = trim; r < k - trim; r++) {
                double[] s = sorted[r];
                for (int v = 0; v < length; v++) {
                    direction[v] += s[v];
                }
            }
            for (int v = 0; v < length; v++) {
                direction[v] *= share;
            }
            // How many values equal the smallest (largest) kept value, and how many kept places hold it.
            double[] lo = sorted[trim];
            double[] hi = sorted[k - 1 - trim];
            java.util.Arrays.fill(eqLow, 0, length, 0.0);
            java.util.Arrays.fill(eqHigh, 0, length, 0.0);
            java.util.Arrays.fill(slotsLow, 0, length, 0.0);
            java.util.Arrays.fill(slotsHigh, 0, length, 0.0);
            for (int r = 0; r < k; r++) {
                double[] s = sorted[r];
                for (int v = 0; v < length; v++) {
                    eqLow[v] += equal(s[v], lo[v]);
                }
                for (int v = 0; v < length; v++) {
                    eqHigh[v] += equal(s[v], hi[v]);
                }
                if (r >= trim && r < k - trim) {
                    for (int v = 0; v < length; v++) {
                        slotsLow[v] += equal(s[v], lo[v]);
                    }
                    for (int v = 0; v < length; v++) {
                        slotsHigh[v] += equal(s[v], hi[v]);
                    }
                }
            }
            for (int v = 0; v < length; v++) {
                slotsLow[v] /= eqLow[v];
            }
            for (int v = 0; v < length; v++) {
                // A high boundary equal to the low one is counted once, with the low one.
                slotsHigh[v] = slotsHigh[v] / eqHigh[v] * (1.0 - equal(lo[v], hi[v]));
            }
            for (int i = 0; i < k; i++) {
                double[] x = rows[i];
                for (int v = 0; v < length; v++) {
                    coefficient[v] = share * (less(lo[v], x[v]) * less(x[v], hi[v])
                            + equal(x[v], lo[v]) * slotsLow[v] + equal(x[v], hi[v]) * slotsHigh[v]);
                }
                double[] lanes = kept[i];
                for (int v = 0; v < length; v++) {
                    lanes[v] += coefficient[v] * x[v] * x[v];
                }
                double[] count = keptColumns[i];
                for (int v = 0; v < length; v++) {
                    count[v] += coefficient[v];
                }
                double[] e = energy[i];
                for (int v = 0; v < length; v++) {
                    e[v] += x[v] * x[v];
                }
            }
        }

        /** Σ over lanes of task i's kept squares (weighted by its coefficients), squares and coefficients. */
        double[] totals(int i) {
            return new double[] {Lanes.sum(kept[i]), Lanes.sum(energy[i]), Lanes.sum(keptColumns[i])};
        }
    }

    /**
     * The compare-exchange pairs of Batcher's odd-even merge sort for n values (n ≥ 1), O(n log² n) of them, as
     * {low indices, high indices}: after them, position r holds the r-th smallest value.
     */
    static int[][] network(int n) {
        java.util.List<int[]> pairs = new java.util.ArrayList<>();
        for (int p = 1; p < n; p <<= 1) {
            for (int k = p; k >= 1; k >>= 1) {
                for (int j = k % p; j <= n - 1 - k; j += 2 * k) {
                    for (int i = 0; i <= Math.min(k - 1, n - j - k - 1); i++) {
                        if ((i + j) / (2 * p) == (i + j + k) / (2 * p)) {
                            pairs.add(new int[] {i + j, i + j + k});
                        }
                    }
                }
            }
        }
        int[][] network = new int[2][pairs.size()];
        for (int c = 0; c < pairs.size(); c++) {
            network[0][c] = pairs.get(c)[0];
            network[1][c] = pairs.get(c)[1];
        }
        return network;
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
