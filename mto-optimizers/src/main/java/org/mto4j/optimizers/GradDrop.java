package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mto4j.core.ColumnBlocks;
import org.mto4j.core.Combination;
import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Options;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradient Sign Dropout: in every coordinate, keep the task gradients of one sign, chosen at random with the
 * probability that the column's sign purity gives, and let the others leak through.
 * <pre>
 *   𝒫_p = ½ (1 + Σᵢ g_ip / Σᵢ |g_ip|)                      gradient positive sign purity of coordinate p
 *   U_p ~ Uniform[0, 1)
 *   M_ip = [𝒫_p &gt; U_p]·[g_ip &gt; 0] + [𝒫_p &lt; U_p]·[g_ip &lt; 0]
 *   d_p = Σᵢ (ℓᵢ + (1 − ℓᵢ) M_ip) g_ip                     ℓᵢ ∈ [0, 1], the leak of task i
 * </pre>
 * A coordinate whose task gradients all share a sign keeps them all; a coordinate of zeros gives 0.
 *
 * <p>Chen, Ngiam, Huang, Luong, Kretzschmar, Chai, Anguelov, "Just Pick a Sign: Optimizing Deep Multitask Models
 * with Gradient Sign Dropout", NeurIPS 2020 (arXiv:2010.06808), Algorithm 1 with f the identity.
 *
 * <p>Options: {@code leak} (one value for every task, or K values; each in [0, 1]; default
 * {@value #DEFAULT_LEAK}), {@code seed} (default {@value #DEFAULT_SEED}).
 * <ul>
 *   <li>Departure from the paper, as in TorchJD: the rule is applied to J's columns (the gradients of the shared
 *   parameters), not to the gradients of a shared activation summed over the batch with the inputs' signs.
 *   LibMTL's {@code GradDrop} does the latter (it needs {@code rep_grad}) and is not reproduced.</li>
 *   <li>TorchJD's {@code GradDrop(leak=...)} draws U from the global torch generator: same distribution, not the
 *   same draws. U_p here is a counter-based draw (31 bits of a hash of p keyed by {@code seed} and the step), so a
 *   run is reproducible from the seed, independent of threads, identical in FLOAT and DOUBLE, and resumes exactly
 *   after {@link #restore}.</li>
 *   <li>No ε in 𝒫's denominator (LibMTL adds 1e-7): a column of zeros gives 0 whatever 𝒫 would be.</li>
 * </ul>
 *
 * <p><b>Weights.</b> d is not a weighted sum of the rows. The weight reported for task i is
 * cᵢ = Σ_p (ℓᵢ + (1 − ℓᵢ) M_ip) g_ip² / Σ_p g_ip² ∈ [ℓᵢ, 1]: the share of task i's gradient (in squared norm) that
 * the masks let through, the coefficient of the projection of its contribution onto gᵢ (ℓᵢ for a zero row).
 *
 * <p>Cost: J is read once, masks formed column by column on the host ({@link ColumnBlocks}).
 *
 * <p>Thread safety: stateful (the step counter of the random draws), not thread-safe; {@link #copy()} gives the
 * same configuration with fresh state.
 *
 * @since 0.1.0
 */
public final class GradDrop extends FullJacobianCombiner {

    /** Registry name. */
    public static final String NAME = "graddrop";
    /** No leak: the paper's default and TorchJD's. */
    public static final double DEFAULT_LEAK = 0.0;
    /** Seed unless the user gives one. */
    public static final long DEFAULT_SEED = 0L;

    private static final String STEP = "step";
    /** Blocks between folds of the float path's weight lanes into double (as the FLOAT Gram kernel does). */
    static final int BLOCKS_PER_FOLD = 32;

    private final double[] leak; // one value for all tasks, or K values
    private final long seed;
    private long step;

    private GradDrop(double[] leak, long seed) {
        if (leak == null || leak.length == 0) {
            throw new IllegalArgumentException("leak must hold one value or one per task, got "
                    + (leak == null ? "null" : "none"));
        }
        for (int i = 0; i < leak.length; i++) {
            if (!(leak[i] >= 0 && leak[i] <= 1)) {
                throw new IllegalArgumentException("leak must be in [0, 1], got " + leak[i]
                        + (leak.length > 1 ? " for task " + i : ""));
            }
        }
        this.leak = leak.clone();
        this.seed = seed;
    }

    /**
     * GradDrop without leak, seed {@value #DEFAULT_SEED}.
     *
     * @return the combiner, with fresh state
     */
    public static GradDrop defaults() {
        return new GradDrop(new double[] {DEFAULT_LEAK}, DEFAULT_SEED);
    }

    /**
     * The same method with one leak for every task.
     *
     * @param leak ℓ in [0, 1]: 0 drops the masked values, 1 keeps everything (the sum)
     * @return a new combiner with fresh state
     */
    public GradDrop withLeak(double leak) {
        return new GradDrop(new double[] {leak}, seed);
    }

    /**
     * The same method with a leak per task.
     *
     * @param leak K values in [0, 1]; copied
     * @return a new combiner with fresh state
     */
    public GradDrop withLeak(double[] leak) {
        return new GradDrop(leak, seed);
    }

    /**
     * The same method with another seed.
     *
     * @param seed the seed of the uniform draws
     * @return a new combiner with fresh state
     */
    public GradDrop withSeed(long seed) {
        return new GradDrop(leak, seed);
    }

    /**
     * The leak.
     *
     * @return one value for every task, or K values; a copy
     */
    public double[] leak() {
        return leak.clone();
    }

    /**
     * The seed.
     *
     * @return the seed of the uniform draws
     */
    public long seed() {
        return seed;
    }

    @Override
    Combination step(TaskGradients gradients, TaskLosses losses, INDArray out) {
        int k = gradients.numTasks();
        if (leak.length != 1 && leak.length != k) {
            throw new IllegalArgumentException(NAME + " has " + leak.length + " leak values but got K = " + k
                    + " tasks; give one leak or one per task");
        }
        double[] taskLeak = new double[k];
        for (int i = 0; i < k; i++) {
            taskLeak[i] = leak[leak.length == 1 ? 0 : i];
        }
        long stream = SeedStreams.streamSeed(seed, step);
        double[] passed = new double[k];
        double[] energy = new double[k];
        sumLanes(ColumnBlocks.run(gradients, out, () -> new Worker(taskLeak, stream)), passed, energy);
        if (!allFinite(passed) || !allFinite(energy)) {
            // A FLOAT J with entries beyond 10¹⁹: their squares overflow the float path's lanes. Same draws, in double.
            List<DoubleOnly> inDouble = ColumnBlocks.run(gradients, out, () -> new DoubleOnly(taskLeak, stream));
            sumLanes(inDouble.stream().map(w -> w.worker).toList(), passed, energy);
        }
        Lanes.requireFiniteSquares(NAME, passed, energy);
        step++;
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            weights[i] = energy[i] > 0 ? passed[i] / energy[i] : taskLeak[i];
        }
        return new Combination(out, Weights.of(weights), null);
    }

    private static void sumLanes(List<Worker> workers, double[] passed, double[] energy) {
        java.util.Arrays.fill(passed, 0.0);
        java.util.Arrays.fill(energy, 0.0);
        for (Worker w : workers) {
            for (int i = 0; i < passed.length; i++) {
                passed[i] += w.passed(i);
                energy[i] += w.energy(i);
            }
        }
    }

    private static boolean allFinite(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The double path only (not a {@link ColumnBlocks.FloatWorker}), whatever J's data type. */
    private static final class DoubleOnly implements ColumnBlocks.Worker {
        private final Worker worker;

        DoubleOnly(double[] leak, long stream) {
            worker = new Worker(leak, stream);
        }

        @Override
        public void block(long firstColumn, int length, double[][] rows, double[] direction) {
            worker.block(firstColumn, length, rows, direction);
        }
    }

    /**
     * One part's columns: sign purity, the draw, the masks, and per task the squared norm let through. Written as
     * whole-block loops that each write one array, which the JIT vectorises: with s = sign(𝒫 − U) ∈ {−1, 0, 1}, the
     * kept value of x is s · max(x s, 0) (x when its sign is s, else 0) and its square is max(x s, 0)².
     */
    private static final class Worker implements ColumnBlocks.FloatWorker {
        private final double[] leak;
        private final long stream;
        private final int[] hash = new int[ColumnBlocks.BLOCK];
        // The double path's buffers and lane accumulators, made at its first block.
        private double[][] passed;
        private double[][] energy;
        private double[] sum;
        private double[] abs;
        private double[] sign;
        // The float path's (FLOAT J): the same loops in float, without converting J to double.
        private float[][] passedF;
        private float[][] energyF;
        private float[] sumF;
        private float[] absF;
        private float[] signF;
        private int floatBlocks;

        Worker(double[] leak, long stream) {
            this.leak = leak;
            this.stream = stream;
        }

        @Override
        public void block(long firstColumn, int length, double[][] rows, double[] direction) {
            int k = rows.length;
            if (sum == null) {
                passed = new double[k][ColumnBlocks.BLOCK];
                energy = new double[k][ColumnBlocks.BLOCK];
                sum = new double[ColumnBlocks.BLOCK];
                abs = new double[ColumnBlocks.BLOCK];
                sign = new double[ColumnBlocks.BLOCK];
            }
            // Σg and Σ|g| per column, two rows per pass over the accumulator; Σg² per task in its lanes.
            java.util.Arrays.fill(sum, 0, length, 0.0);
            java.util.Arrays.fill(abs, 0, length, 0.0);
            for (int i = 0; i < k; i += 2) {
                double[] a = rows[i];
                double[] b = rows[i + 1 < k ? i + 1 : i];
                double second = i + 1 < k ? 1 : 0;
                for (int v = 0; v < length; v++) {
                    sum[v] += a[v] + second * b[v];
                }
                for (int v = 0; v < length; v++) {
                    abs[v] += Math.abs(a[v]) + second * Math.abs(b[v]);
                }
            }
            for (int i = 0; i < k; i++) {
                double[] row = rows[i];
                double[] e = energy[i];
                for (int v = 0; v < length; v++) {
                    e[v] += row[v] * row[v];
                }
            }
            int first = (int) firstColumn;
            for (int v = 0; v < length; v++) {
                hash[v] = SeedStreams.hash(stream, first + v);
            }
            for (int v = 0; v < length; v++) {
                sign[v] = 1 - 2 * SeedStreams.unit(hash[v]);
            }
            for (int v = 0; v < length; v++) {
                // 𝒫 − U has the sign of t = Σg + (1 − 2U) Σ|g| (it is t / (2Σ|g|)); t / max(|t|, tiny) is that sign
                // without a branch, and 0 for a column of zeros.
                double t = sum[v] + sign[v] * abs[v];
                sign[v] = t / Math.max(Math.abs(t), Double.MIN_VALUE);
            }
            // d = Σᵢ ℓᵢ gᵢ + Σᵢ (1 − ℓᵢ) s max(gᵢ s, 0), the kept parts two rows per pass.
            java.util.Arrays.fill(direction, 0, length, 0.0);
            for (int i = 0; i < k; i += 2) {
                double[] a = rows[i];
                double[] b = rows[i + 1 < k ? i + 1 : i];
                double keepA = 1 - leak[i];
                double keepB = i + 1 < k ? 1 - leak[i + 1] : 0;
                for (int v = 0; v < length; v++) {
                    double s = sign[v];
                    direction[v] += s * (keepA * Math.max(a[v] * s, 0.0) + keepB * Math.max(b[v] * s, 0.0));
                }
            }
            for (int i = 0; i < k; i++) {
                double[] row = rows[i];
                double l = leak[i];
                if (l != 0) {
                    for (int v = 0; v < length; v++) {
                        direction[v] += l * row[v];
                    }
                }
                double[] p = passed[i];
                double keep = 1 - l;
                for (int v = 0; v < length; v++) {
                    double m = Math.max(row[v] * sign[v], 0.0);
                    p[v] += keep * m * m;
                }
            }
        }

        /**
         * The same loops in float, for a FLOAT J; the draws are the same 31-bit values. The float lanes of the
         * weights are folded into double every {@link #BLOCKS_PER_FOLD} blocks, as the Gram kernel does.
         */
        @Override
        public void block(long firstColumn, int length, float[][] rows, float[] direction) {
            int k = rows.length;
            if (sumF == null) {
                passedF = new float[k][ColumnBlocks.BLOCK];
                energyF = new float[k][ColumnBlocks.BLOCK];
                passed = new double[k][ColumnBlocks.BLOCK];
                energy = new double[k][ColumnBlocks.BLOCK];
                sumF = new float[ColumnBlocks.BLOCK];
                absF = new float[ColumnBlocks.BLOCK];
                signF = new float[ColumnBlocks.BLOCK];
            }
            if (++floatBlocks % BLOCKS_PER_FOLD == 0) {
                fold();
            }
            java.util.Arrays.fill(sumF, 0, length, 0f);
            java.util.Arrays.fill(absF, 0, length, 0f);
            for (int i = 0; i < k; i += 2) {
                float[] a = rows[i];
                float[] b = rows[i + 1 < k ? i + 1 : i];
                float second = i + 1 < k ? 1 : 0;
                for (int v = 0; v < length; v++) {
                    sumF[v] += a[v] + second * b[v];
                }
                for (int v = 0; v < length; v++) {
                    absF[v] += Math.abs(a[v]) + second * Math.abs(b[v]);
                }
            }
            for (int i = 0; i < k; i++) {
                float[] row = rows[i];
                float[] e = energyF[i];
                for (int v = 0; v < length; v++) {
                    e[v] += row[v] * row[v];
                }
            }
            int first = (int) firstColumn;
            for (int v = 0; v < length; v++) {
                hash[v] = SeedStreams.hash(stream, first + v);
            }
            for (int v = 0; v < length; v++) {
                signF[v] = (float) (1 - 2 * SeedStreams.unit(hash[v]));
            }
            for (int v = 0; v < length; v++) {
                float t = sumF[v] + signF[v] * absF[v];
                signF[v] = t / Math.max(Math.abs(t), Float.MIN_VALUE);
            }
            java.util.Arrays.fill(direction, 0, length, 0f);
            for (int i = 0; i < k; i += 2) {
                float[] a = rows[i];
                float[] b = rows[i + 1 < k ? i + 1 : i];
                float keepA = (float) (1 - leak[i]);
                float keepB = i + 1 < k ? (float) (1 - leak[i + 1]) : 0f;
                for (int v = 0; v < length; v++) {
                    float s = signF[v];
                    direction[v] += s * (keepA * Math.max(a[v] * s, 0f) + keepB * Math.max(b[v] * s, 0f));
                }
            }
            for (int i = 0; i < k; i++) {
                float[] row = rows[i];
                float l = (float) leak[i];
                if (l != 0) {
                    for (int v = 0; v < length; v++) {
                        direction[v] += l * row[v];
                    }
                }
                float[] p = passedF[i];
                float keep = 1 - l;
                for (int v = 0; v < length; v++) {
                    float m = Math.max(row[v] * signF[v], 0f);
                    p[v] += keep * m * m;
                }
            }
        }

        /** Adds the float lanes into the double ones and clears them. */
        private void fold() {
            for (int i = 0; i < energyF.length; i++) {
                for (int v = 0; v < ColumnBlocks.BLOCK; v++) {
                    energy[i][v] += energyF[i][v];
                    passed[i][v] += passedF[i][v];
                }
                java.util.Arrays.fill(energyF[i], 0f);
                java.util.Arrays.fill(passedF[i], 0f);
            }
        }

        /** Σ over the lanes of task i's squared norm. */
        double energy(int task) {
            if (energyF != null) {
                fold();
            }
            return energy == null ? 0 : Lanes.sum(energy[task]);
        }

        /** Σᵢ over lanes of the squared norm let through: ℓᵢ Σg² + (1 − ℓᵢ) Σ max(g s, 0)². */
        double passed(int task) {
            double e = energy(task);
            return leak[task] * e + (passed == null ? 0 : Lanes.sum(passed[task]));
        }

    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isStateful() {
        return true;
    }

    @Override
    public void reset() {
        step = 0;
    }

    /**
     * The step counter, which selects the draws.
     *
     * @return the state after the last step
     */
    @Override
    public CombinerState snapshot() {
        return CombinerState.of(NAME, Map.of(STEP, new double[] {step}));
    }

    @Override
    public void restore(CombinerState state) {
        step = StateValues.counter(StateValues.owned(state, NAME), STEP);
    }

    /**
     * Same leak and seed, fresh state.
     *
     * @return the copy
     */
    @Override
    public GradDrop copy() {
        return new GradDrop(leak, seed);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "GradDrop: per coordinate, keep one sign of the task gradients at random",
                Set.of("leak", "seed"), o -> new GradDrop(leakOption(o), o.getLong("seed", DEFAULT_SEED)));
    }

    /** {@code leak} as one number or a list of K numbers. */
    private static double[] leakOption(Options o) {
        if (!o.has("leak")) {
            return new double[] {DEFAULT_LEAK};
        }
        try {
            return new double[] {o.getDouble("leak", DEFAULT_LEAK)};
        } catch (IllegalArgumentException notANumber) {
            return o.getDoubleArray("leak", null);
        }
    }

    /** Equal leak and seed (the step is state and is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof GradDrop && Arrays.equals(leak, ((GradDrop) o).leak) && seed == ((GradDrop) o).seed;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(leak) + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return NAME + "(leak=" + (leak.length == 1 ? String.valueOf(leak[0]) : Arrays.toString(leak)) + ", seed="
                + seed + ")";
    }
}
