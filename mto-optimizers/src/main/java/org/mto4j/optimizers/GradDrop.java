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
 *   same draws. U_p here is a counter-based draw from ({@code seed}, step, p), so a run is reproducible from the
 *   seed, independent of threads, identical in FLOAT and DOUBLE, and resumes exactly after {@link #restore}.</li>
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
        List<Worker> workers = ColumnBlocks.run(gradients, out, () -> new Worker(taskLeak, stream));
        step++;
        double[] passed = new double[k];
        double[] energy = new double[k];
        for (Worker w : workers) {
            for (int i = 0; i < k; i++) {
                passed[i] += w.passed[i];
                energy[i] += w.energy[i];
            }
        }
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            weights[i] = energy[i] > 0 ? passed[i] / energy[i] : taskLeak[i];
        }
        return new Combination(out, Weights.of(weights), null);
    }

    /** One part's columns: sign purity, the draw, the masks, and per task the squared norm let through. */
    private static final class Worker implements ColumnBlocks.Worker {
        private final double[] leak;
        private final long stream;
        private final double[] passed;
        private final double[] energy;

        Worker(double[] leak, long stream) {
            this.leak = leak;
            this.stream = stream;
            this.passed = new double[leak.length];
            this.energy = new double[leak.length];
        }

        @Override
        public void block(long firstColumn, int length, double[][] rows, double[] direction) {
            int k = rows.length;
            for (int v = 0; v < length; v++) {
                double sum = 0;
                double abs = 0;
                for (int i = 0; i < k; i++) {
                    double x = rows[i][v];
                    sum += x;
                    abs += Math.abs(x);
                }
                // sign = +1: keep positive values, -1: keep negative ones, 0: keep none (purity equals the draw).
                int sign = 0;
                if (abs > 0) {
                    double purity = 0.5 * (1 + sum / abs);
                    double u = SeedStreams.uniform(stream, firstColumn + v);
                    sign = purity > u ? 1 : purity < u ? -1 : 0;
                }
                double d = 0;
                for (int i = 0; i < k; i++) {
                    double x = rows[i][v];
                    boolean keep = sign > 0 ? x > 0 : sign < 0 && x < 0;
                    double c = keep ? 1.0 : leak[i];
                    d += c * x;
                    passed[i] += c * x * x;
                }
                direction[v] = d;
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
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        step = StateChecks.counter(state.requireOwner(NAME), STEP);
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
