package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract every {@link GradientCombiner} keeps. Each method's test extends this class, implements
 * {@link #create()} and overrides the trait hooks that differ from the defaults:
 * <pre>
 * class UPGradContractTest extends GradientCombinerContract {
 *     protected GradientCombiner create() { return new GramCombiner(UPGrad.defaults()); }
 * }
 * </pre>
 * Stateful combiners are created fresh wherever two runs must be compared.
 */
public abstract class GradientCombinerContract {

    /** Relative tolerance for two computations in DOUBLE that differ only in rounding. */
    protected static final double DOUBLE_TOLERANCE = 1e-9;

    /** A new combiner with fresh state; every call returns an equal configuration. */
    protected abstract GradientCombiner create();

    /** K used by the suite; override for methods fixed to one K. */
    protected int numTasks() {
        return 4;
    }

    /** P used by the suite. */
    protected long numParams() {
        return 257;
    }

    /** True when direction = Σ wᵢ gᵢ with the reported weights. */
    protected boolean isLinear() {
        return true;
    }

    /** True when permuting the tasks permutes the weights and leaves the direction unchanged. */
    protected boolean isPermutationEquivariant() {
        return true;
    }

    /** Relative tolerance between FLOAT and DOUBLE runs on the same input. */
    protected double floatTolerance() {
        return 2e-3;
    }

    /** The gradients the suite combines: conflicting rows of different scales, reproducible from the seed. */
    protected double[][] gradients(long seed) {
        Random r = new Random(seed);
        int k = numTasks();
        int p = (int) numParams();
        double[] shared = new double[p];
        for (int c = 0; c < p; c++) {
            shared[c] = r.nextGaussian();
        }
        double[][] j = new double[k][p];
        for (int i = 0; i < k; i++) {
            double scale = Math.exp(0.5 * r.nextGaussian());
            double w = r.nextDouble() - 0.3;
            for (int c = 0; c < p; c++) {
                j[i][c] = scale * (w * shared[c] + r.nextGaussian());
            }
        }
        return j;
    }

    /** The smallest K the method takes (Krum needs K &ge; f + 3); the adversarial inputs use K from here to 32. */
    protected int minNumTasks() {
        return 1;
    }

    /** True when the method is configured for exactly {@link #numTasks()} tasks (fixed weights). */
    protected boolean fixedNumTasks() {
        return false;
    }

    /** Adversarial inputs per data type; the system property {@code mto4j.adversarial.cases} overrides it. */
    protected int adversarialCases() {
        return Integer.getInteger("mto4j.adversarial.cases", 300);
    }

    /** Positive losses, reproducible from the seed. */
    protected TaskLosses losses(long seed) {
        return losses(seed, numTasks());
    }

    /** K positive losses, reproducible from the seed. */
    protected static TaskLosses losses(long seed, int k) {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        double[] l = new double[k];
        for (int i = 0; i < l.length; i++) {
            l[i] = 0.1 + 2 * r.nextDouble();
        }
        return TaskLosses.of(l);
    }

    /**
     * Seeded adversarial Jacobians for {@code type}: K up to 32 (P = 1 half the time), rows scaled far apart (by up
     * to the type's whole exponent range), rows near the type's largest value, subnormal rows, zero, duplicated and
     * opposed rows, and mixtures of these. Every entry is finite in {@code type}.
     */
    public static double[][] adversarial(long seed, DataType type, int minK, int maxK) {
        Random r = new Random(seed);
        int k = minK + r.nextInt(maxK - minK + 1);
        int p = r.nextBoolean() ? 1 : 1 + r.nextInt(r.nextBoolean() ? 4 : 40);
        boolean isFloat = type == DataType.FLOAT;
        double max = isFloat ? Float.MAX_VALUE : Double.MAX_VALUE;
        double minNormal = isFloat ? Float.MIN_NORMAL : Double.MIN_NORMAL;
        int exponentRange = isFloat ? 120 : 1000;
        double[][] j = new double[k][p];
        int pattern = r.nextInt(5);
        for (int i = 0; i < k; i++) {
            double scale;
            switch (r.nextInt(pattern == 4 ? 4 : 1) + (pattern == 4 ? 0 : pattern)) {
                case 0 -> scale = Math.scalb(1.0, r.nextInt(exponentRange + 1) - exponentRange / 2); // apart
                case 1 -> scale = max * (0.05 + 0.45 * r.nextDouble()) / Math.sqrt(p);                // near max
                case 2 -> scale = minNormal * Math.scalb(1.0, -r.nextInt(isFloat ? 22 : 51));         // subnormal
                default -> scale = Math.exp(2 * r.nextGaussian());                                     // ordinary
            }
            for (int c = 0; c < p; c++) {
                double v = scale * r.nextGaussian();
                j[i][c] = isFloat ? (float) v : v;
            }
            int twist = r.nextInt(10);
            if (twist == 0) {
                java.util.Arrays.fill(j[i], 0.0);
            } else if (twist == 1 && i > 0) {
                j[i] = j[i - 1].clone();
            } else if (twist == 2 && i > 0) {
                for (int c = 0; c < p; c++) {
                    j[i][c] = -j[i - 1][c];
                }
            }
            for (int c = 0; c < p; c++) {
                if (!Double.isFinite(j[i][c]) || Math.abs(j[i][c]) > max) {
                    j[i][c] = Math.copySign(max, j[i][c]);
                }
            }
        }
        return j;
    }

    // ---------------------------------------------------------------- helpers, public for other modules' tests

    /** J as TaskGradients of the given type. */
    public static TaskGradients toGradients(double[][] j, DataType type) {
        return TaskGradients.of(Nd4j.createFromArray(j).castTo(type));
    }

    /** Any array's elements as doubles, in order. */
    public static double[] toDoubles(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    /** max |x − y| / max(‖y‖_∞, tiny). */
    public static double relativeError(double[] x, double[] y) {
        double scale = 1e-300;
        double err = 0;
        for (int c = 0; c < x.length; c++) {
            scale = Math.max(scale, Math.abs(y[c]));
            err = Math.max(err, Math.abs(x[c] - y[c]));
        }
        return err / scale;
    }

    private Combination run(GradientCombiner combiner, long seed, DataType type) {
        return combiner.combine(toGradients(gradients(seed), type), losses(seed));
    }

    /** Directions of {@code steps} consecutive steps of one combiner. */
    private List<double[]> trajectory(GradientCombiner combiner, long firstSeed, int steps) {
        List<double[]> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            out.add(toDoubles(run(combiner, firstSeed + s, DataType.DOUBLE).direction()));
        }
        return out;
    }

    private static void assertSameTrajectory(List<double[]> expected, List<double[]> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int s = 0; s < expected.size(); s++) {
            double err = relativeError(actual.get(s), expected.get(s));
            assertTrue(err <= DOUBLE_TOLERANCE, what + ": step " + s + " differs, relative error " + err);
        }
    }

    // ---------------------------------------------------------------- outputs

    @Test
    void directionHasLengthPAndTheGradientsDataType() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Combination c = run(create(), 1, type);
            assertEquals(numParams(), c.direction().length(), "direction length");
            assertEquals(type, c.direction().dataType(), "direction data type");
            assertEquals(numTasks(), c.weights().length, "number of weights");
        }
    }

    @Test
    void inputIsNotModified() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            TaskGradients g = toGradients(gradients(2), type);
            INDArray before = g.matrix().dup();
            create().combine(g, losses(2));
            assertEquals(before, g.matrix(), "J was modified (" + type + ")");
        }
    }

    @Test
    void finiteInputGivesFiniteOutput() {
        GradientCombiner combiner = create();
        for (long seed = 10; seed < 30; seed++) {
            Combination c = run(combiner, seed, DataType.DOUBLE);
            for (double w : c.weights()) {
                assertTrue(Double.isFinite(w), "seed " + seed + ": weights " + Arrays.toString(c.weights()));
            }
            for (double d : toDoubles(c.direction())) {
                assertTrue(Double.isFinite(d), "seed " + seed + ": non-finite direction");
            }
        }
    }

    @Test
    void floatAndDoubleAgree() {
        GradientCombiner inFloat = create();
        GradientCombiner inDouble = create();
        for (long seed = 40; seed < 45; seed++) {
            double[] f = toDoubles(run(inFloat, seed, DataType.FLOAT).direction());
            double[] d = toDoubles(run(inDouble, seed, DataType.DOUBLE).direction());
            double err = relativeError(f, d);
            assertTrue(err <= floatTolerance(), "seed " + seed + ": FLOAT vs DOUBLE relative error " + err);
        }
    }

    @Test
    void combineIntoGivesTheSameResultInTheCallersArray() {
        GradientCombiner allocating = create();
        GradientCombiner into = create();
        long p = numParams();
        INDArray[] outs = {
            Nd4j.create(DataType.DOUBLE, p), Nd4j.create(DataType.DOUBLE, 1, p), Nd4j.create(DataType.DOUBLE, p, 1)
        };
        for (int s = 0; s < outs.length; s++) {
            long seed = 50 + s;
            Combination expected = run(allocating, seed, DataType.DOUBLE);
            Combination actual = into.combineInto(toGradients(gradients(seed), DataType.DOUBLE), losses(seed), outs[s]);
            assertSame(outs[s], actual.direction(), "combineInto must return the caller's array");
            assertTrue(relativeError(toDoubles(outs[s]), toDoubles(expected.direction())) <= DOUBLE_TOLERANCE,
                    "combineInto into shape " + Arrays.toString(outs[s].shape()) + " differs from combine");
            assertArrayEquals(expected.weights(), actual.weights(), 1e-12);
        }
    }

    @Test
    void weightsReproduceTheDirection() {
        if (!isLinear()) {
            return;
        }
        GradientCombiner combiner = create();
        for (long seed = 60; seed < 65; seed++) {
            double[][] j = gradients(seed);
            Combination c = combiner.combine(toGradients(j, DataType.DOUBLE), losses(seed));
            double[] w = c.weights();
            double[] expected = new double[j[0].length];
            for (int i = 0; i < j.length; i++) {
                for (int col = 0; col < expected.length; col++) {
                    expected[col] += w[i] * j[i][col];
                }
            }
            double err = relativeError(toDoubles(c.direction()), expected);
            assertTrue(err <= DOUBLE_TOLERANCE, "seed " + seed + ": direction != Σ wᵢgᵢ, relative error " + err);
        }
    }

    @Test
    void permutingTasksPermutesWeightsAndKeepsTheDirection() {
        if (!isPermutationEquivariant()) {
            return;
        }
        for (long seed = 70; seed < 74; seed++) {
            double[][] j = gradients(seed);
            double[] l = losses(seed).toArray();
            int k = j.length;
            int[] perm = new int[k];
            for (int i = 0; i < k; i++) {
                perm[i] = (i + 1 + (int) seed) % k;
            }
            double[][] pj = new double[k][];
            double[] pl = new double[k];
            for (int i = 0; i < k; i++) {
                pj[i] = j[perm[i]];
                pl[i] = l[perm[i]];
            }
            Combination c = create().combine(toGradients(j, DataType.DOUBLE), TaskLosses.of(l));
            Combination pc = create().combine(toGradients(pj, DataType.DOUBLE), TaskLosses.of(pl));
            double err = relativeError(toDoubles(pc.direction()), toDoubles(c.direction()));
            assertTrue(err <= 1e-7, "seed " + seed + ": direction changed under a task permutation, error " + err);
            double[] w = c.weights();
            double[] pw = pc.weights();
            double scale = Arrays.stream(w).map(Math::abs).max().orElse(1) + 1e-300;
            for (int i = 0; i < k; i++) {
                assertEquals(w[perm[i]], pw[i], 1e-7 * scale, "seed " + seed + ": weight of task " + perm[i]);
            }
        }
    }

    /**
     * Bytes of the workspace {@link #combineIntoAllocatesNothingOfSizeP()} runs in: far less than one row of J.
     *
     * <p>The rule for state of size K x P (MoCo's and DB-MTL's buffers, ExcessMTL's accumulators): it is allocated at
     * the first step after creation, {@code reset()} or {@code restore()}, outside any workspace, and reused at every
     * later step. Outside any workspace, because it must outlive the caller's workspace
     * ({@link #stateOutlivesTheCallersWorkspace()} checks that); such an allocation is invisible to this test, so
     * each of those methods' own tests checks that its buffers are allocated once.
     */
    static final long SMALL_WORKSPACE_BYTES = 256 * 1024;

    @Test
    void combineIntoAllocatesNothingOfSizeP() {
        // Inside a workspace that cannot grow and fails instead of spilling, any allocation of size P throws.
        long p = 1 << 20;
        Random r = new Random(400);
        int k = numTasks();
        INDArray j = Nd4j.create(DataType.FLOAT, k, p);
        for (int i = 0; i < k; i++) {
            j.getRow(i).assign(Nd4j.randn(400L + i, new long[] {p}).muli(Math.exp(r.nextGaussian())));
        }
        TaskGradients g = TaskGradients.of(j);
        INDArray out = Nd4j.create(DataType.FLOAT, p);
        GradientCombiner combiner = create();
        WorkspaceConfiguration small = WorkspaceConfiguration.builder()
                .initialSize(SMALL_WORKSPACE_BYTES).maxSize(SMALL_WORKSPACE_BYTES)
                .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.NONE)
                .policySpill(SpillPolicy.FAIL).build();
        for (int step = 0; step < 2; step++) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(small, "mto4j-contract")) {
                combiner.combineInto(g, losses(400 + step), out);
            }
        }
        for (double d : toDoubles(out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1000)))) {
            assertTrue(Double.isFinite(d), "non-finite direction");
        }
    }

    /**
     * Issue 10: finite input at the edges of the type's range gives a finite direction equal to Σ wᵢgᵢ (to the
     * rounding of a sum in that type: K ε Σᵢ |wᵢ J_ic| + ε |d_c|), or an IllegalArgumentException that names the
     * overflow; never NaN, infinity or another exception. Run for FLOAT and DOUBLE.
     */
    @Test
    void adversarialInputsGiveAFiniteDirectionOrNameTheOverflow() {
        int minK = fixedNumTasks() ? numTasks() : minNumTasks();
        int maxK = fixedNumTasks() ? numTasks() : Math.max(minK, 32);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double eps = type == DataType.FLOAT ? 0x1p-24 : 0x1p-53;
            double tiny = type == DataType.FLOAT ? Float.MIN_VALUE : Double.MIN_VALUE;
            int errors = 0;
            for (int n = 0; n < adversarialCases(); n++) {
                long seed = 1_000_003L * n + type.ordinal();
                double[][] j = adversarial(seed, type, minK, maxK);
                String what = type + " case " + n + " (K=" + j.length + ", P=" + j[0].length + ")";
                Combination c;
                try {
                    c = create().combine(toGradients(j, type), losses(seed, j.length));
                } catch (IllegalArgumentException e) {
                    assertTrue(e.getMessage() != null && e.getMessage().contains("overflow"), what
                            + ": an error on finite input must name the overflow: " + e.getMessage());
                    errors++;
                    continue;
                } catch (RuntimeException e) {
                    throw new AssertionError(what + ": " + e, e);
                }
                double[] w = c.weights();
                double[] d = toDoubles(c.direction());
                for (double x : w) {
                    assertTrue(Double.isFinite(x), what + ": weights " + Arrays.toString(w));
                }
                for (double x : d) {
                    assertTrue(Double.isFinite(x), what + ": non-finite direction, weights " + Arrays.toString(w));
                }
                if (!isLinear()) {
                    continue;
                }
                for (int col = 0; col < d.length; col++) {
                    double exact = 0;
                    double magnitude = 0;
                    for (int i = 0; i < j.length; i++) {
                        exact += w[i] * j[i][col];
                        magnitude += Math.abs(w[i] * j[i][col]);
                    }
                    if (!Double.isFinite(magnitude)) {
                        continue; // Σ|wᵢ J_ic| itself beyond double: nothing to compare in double
                    }
                    double tolerance = 4 * j.length * eps * magnitude + 2 * eps * Math.abs(exact) + 4 * j.length * tiny;
                    assertEquals(exact, d[col], tolerance, what + ": d ≠ Σ wᵢgᵢ in column " + col + ", weights "
                            + Arrays.toString(w));
                }
            }
            assertTrue(errors < adversarialCases() / 2, type + ": " + errors + " of " + adversarialCases()
                    + " adversarial inputs were refused");
        }
    }

    // ---------------------------------------------------------------- state

    @Test
    void snapshotAndRestoreResumeExactly() {
        GradientCombiner combiner = create();
        trajectory(combiner, 80, 3);
        CombinerState state = combiner.snapshot();
        assertEquals(combiner.name(), state.owner());
        List<double[]> expected = trajectory(combiner, 90, 3);
        trajectory(combiner, 100, 2);
        combiner.restore(state);
        assertSameTrajectory(expected, trajectory(combiner, 90, 3), "after restore");
        // A checkpoint restored into a new instance (a resumed training run) continues the same way.
        GradientCombiner resumed = create();
        resumed.restore(state);
        assertSameTrajectory(expected, trajectory(resumed, 90, 3), "restored into a new instance");
    }

    /** Steps of {@link #snapshotAtStepTwentyGivesBitIdenticalStepsAfterRestore()}. */
    static final int LONG_RUN_STEPS = 50;
    /** The step after which that test takes its snapshot. */
    static final int SNAPSHOT_STEP = 20;

    @Test
    void snapshotAtStepTwentyGivesBitIdenticalStepsAfterRestore() {
        GradientCombiner combiner = create();
        if (!combiner.isStateful()) {
            return;
        }
        List<Combination> run = new ArrayList<>();
        CombinerState state = null;
        for (int s = 0; s < LONG_RUN_STEPS; s++) {
            if (s == SNAPSHOT_STEP) {
                state = combiner.snapshot();
            }
            run.add(run(combiner, 500 + s, DataType.DOUBLE));
        }
        GradientCombiner resumed = create();
        resumed.restore(state);
        for (int s = SNAPSHOT_STEP; s < LONG_RUN_STEPS; s++) {
            Combination c = run(resumed, 500 + s, DataType.DOUBLE);
            assertArrayEquals(toDoubles(run.get(s).direction()), toDoubles(c.direction()), 0.0,
                    "direction of step " + (s + 1) + " after restoring the snapshot of step " + SNAPSHOT_STEP);
            assertArrayEquals(run.get(s).weights(), c.weights(), 0.0, "weights of step " + (s + 1));
        }
    }

    @Test
    void stateOutlivesTheCallersWorkspace() {
        if (!create().isStateful()) {
            return;
        }
        // A training loop may run each step inside a workspace whose memory is reused by the next iteration: state
        // allocated in it would be overwritten. Step in a workspace, scribble over its memory, step again.
        WorkspaceConfiguration reused = WorkspaceConfiguration.builder().initialSize(1 << 22)
                .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.NONE)
                .policySpill(SpillPolicy.REALLOCATE).build();
        GradientCombiner inWorkspace = create();
        GradientCombiner plain = create();
        for (int s = 0; s < 3; s++) {
            double[] expected = toDoubles(run(plain, 600 + s, DataType.DOUBLE).direction());
            double[] actual;
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(reused, "mto4j-reused")) {
                actual = toDoubles(run(inWorkspace, 600 + s, DataType.DOUBLE).direction());
            }
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(reused, "mto4j-reused")) {
                Nd4j.create(DataType.DOUBLE, (1 << 22) / 8 - 1024).assign(Double.NaN);
            }
            assertArrayEquals(expected, actual, 0.0, "step " + s + " differs when the steps run in a workspace");
        }
    }

    @Test
    void resetBehavesAsFresh() {
        GradientCombiner used = create();
        trajectory(used, 110, 3);
        used.reset();
        assertSameTrajectory(trajectory(create(), 120, 3), trajectory(used, 120, 3), "after reset");
    }

    /**
     * copy() gives the same configuration with FRESH state (Lifecycle): a copy of a combiner that has taken steps
     * behaves as a new instance, and using it does not move the original.
     */
    @Test
    void copyHasTheSameConfigurationAndFreshState() {
        GradientCombiner original = create();
        trajectory(original, 130, 2);
        GradientCombiner copy = original.copy();
        List<double[]> fromCopy = trajectory(copy, 140, 3);
        assertSameTrajectory(trajectory(create(), 140, 3), fromCopy, "copy of a combiner that took 2 steps");
        // Using the copy must not have moved the original: it continues as a twin that saw the same 2 steps.
        GradientCombiner twin = create();
        trajectory(twin, 130, 2);
        assertSameTrajectory(trajectory(twin, 150, 2), trajectory(original, 150, 2), "original after copy was used");
        assertEquals(original.isStateful(), copy.isStateful());
        if (!original.isStateful()) {
            assertSame(original, original.copy(), "a stateless combiner's copy() should be itself");
        }
    }

    @Test
    void restoreRejectsAnotherMethodsState() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create().restore(CombinerState.empty("not-" + create().name())));
        assertTrue(e.getMessage().contains("not-" + create().name()), e.getMessage());
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void rejectsArraysThatAreNotTaskGradients() {
        assertThrows(IllegalArgumentException.class, () -> TaskGradients.of(Nd4j.create(DataType.DOUBLE, 5)),
                "rank 1");
        assertThrows(IllegalArgumentException.class, () -> TaskGradients.of(Nd4j.create(DataType.DOUBLE, 2, 3, 4)),
                "rank 3");
        assertThrows(IllegalArgumentException.class, () -> TaskGradients.of(Nd4j.create(DataType.DOUBLE, 0, 5)),
                "K = 0");
        assertThrows(IllegalArgumentException.class, () -> TaskGradients.of(Nd4j.create(DataType.DOUBLE, 3, 0)),
                "P = 0");
        for (DataType type : new DataType[] {DataType.INT, DataType.HALF, DataType.LONG, DataType.BFLOAT16}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TaskGradients.of(Nd4j.ones(type, numTasks(), 4)), type.toString());
            assertTrue(e.getMessage().contains(type.toString()), e.getMessage());
        }
    }

    @Test
    void nonFiniteRowsAreNamed() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double[][] j = gradients(160);
            int last = j.length - 1;
            j[last][3] = Double.NaN;
            if (last > 0) {
                j[0][7] = Double.POSITIVE_INFINITY;
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> create().combine(toGradients(j, type), losses(160)));
            String expectedRows = last > 0 ? "[0, " + last + "]" : "[0]";
            assertTrue(e.getMessage().contains(expectedRows), type + ": message should name rows " + expectedRows
                    + ": " + e.getMessage());
        }
    }

    @Test
    void missingOrMiscountedLossesAreRejected() {
        TaskGradients g = toGradients(gradients(170), DataType.DOUBLE);
        if (create().needsLosses()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create().combine(g));
            assertTrue(e.getMessage().contains("losses"), e.getMessage());
        }
        double[] tooMany = new double[numTasks() + 1];
        Arrays.fill(tooMany, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create().combine(g, TaskLosses.of(tooMany)));
        assertTrue(e.getMessage().contains(String.valueOf(numTasks() + 1))
                && e.getMessage().contains(String.valueOf(numTasks())), e.getMessage());
    }

    @Test
    void badOutputArraysAreRejected() {
        TaskGradients g = toGradients(gradients(180), DataType.DOUBLE);
        long p = numParams();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create().combineInto(g, losses(180), Nd4j.create(DataType.DOUBLE, p + 1)));
        assertTrue(e.getMessage().contains(String.valueOf(p)) && e.getMessage().contains(String.valueOf(p + 1)),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> create().combineInto(g, losses(180), Nd4j.create(DataType.FLOAT, p)));
        assertTrue(e.getMessage().contains("FLOAT") && e.getMessage().contains("DOUBLE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> create().combineInto(g, losses(180), null));
        assertThrows(IllegalArgumentException.class, () -> create().combine(null, losses(180)));
    }

    // ---------------------------------------------------------------- threads and logging

    @Test
    void statelessCombinersGiveTheSameResultsFromEightThreads() throws Exception {
        GradientCombiner shared = create();
        if (shared.isStateful()) {
            return;
        }
        int tasks = 32;
        List<double[]> expected = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            expected.add(toDoubles(run(shared, 200 + t, DataType.DOUBLE).direction()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                long seed = 200 + t;
                futures.add(pool.submit(() -> toDoubles(run(shared, seed, DataType.DOUBLE).direction())));
            }
            for (int t = 0; t < tasks; t++) {
                assertArrayEquals(expected.get(t), futures.get(t).get(), 0.0, "task " + t + " from 8 threads");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nothingIsPrintedOrLoggedAboveDebugPerStep() {
        GradientCombiner combiner = create();
        run(combiner, 300, DataType.FLOAT); // warm up: the backend may log once when it starts
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try {
            System.setOut(capture);
            System.setErr(capture);
            for (long seed = 301; seed < 306; seed++) {
                run(combiner, seed, DataType.FLOAT);
                run(combiner, seed, DataType.DOUBLE);
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8),
                "the per-step path printed or logged above DEBUG (slf4j-simple prints INFO and above)");
    }
}
