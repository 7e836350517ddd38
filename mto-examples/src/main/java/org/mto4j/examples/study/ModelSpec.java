package org.mto4j.examples.study;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The network and training budget every run of a study uses (the same for every method, as in the paper).
 * <pre>
 *   x (d features) → [Dense(h₁), ReLU] → [Dense(h₂), ReLU]      shared trunk (He-initialised)
 *                  → Dense(C_k) → softmax, one head per task k    cross-entropy loss per task (masked mean)
 *   Adam (β₁ 0.9, β₂ 0.999, ε 1e-8) at the run's learning rate, minibatches of {@code batchSize}
 *   at most {@code maxSteps} steps; every {@code evalEvery} steps the validation criterion
 *       V = Σ_k w_k · L_k(validation)        w = the run's task weights (ls), or 1/K for every other method
 *   is computed; training stops after {@code patience} evaluations without improvement, and the parameters
 *   of the best evaluation are the run's result (train, validation and test metrics measured with them)
 * </pre>
 * The default ({@link #DEFAULT}) is sized so that the default grid finishes within 5 minutes on 2 cores; see
 * {@link StudyPlan} for the measurement behind it.
 *
 * @param hidden     widths of the shared hidden layers, each ≥ 1
 * @param batchSize  examples per step, ≥ 1
 * @param maxSteps   step budget of one run, ≥ 1
 * @param evalEvery  steps between validation evaluations, in [1, maxSteps]
 * @param patience   evaluations without improvement before stopping, ≥ 1
 * @param dataType   FLOAT or DOUBLE
 * @since 0.1.0
 */
public record ModelSpec(int[] hidden, int batchSize, int maxSteps, int evalEvery, int patience, DataType dataType) {
    /**
     * The default run: a 64-64 trunk, batches of 64, at most 800 steps (about 10 epochs of Multi-Digits), patience
     * 5 × 100 steps, FLOAT.
     */
    public static final ModelSpec DEFAULT = new ModelSpec(new int[] {64, 64}, 64, 800, 100, 5, DataType.FLOAT);
    /** {@code --full}: the same network trained for up to 4,000 steps with patience 8 × 100 steps. */
    public static final ModelSpec FULL = new ModelSpec(new int[] {64, 64}, 64, 4_000, 100, 8, DataType.FLOAT);
    /** {@code --smoke}: the same network for 60 steps, validation every 20, patience 2. */
    public static final ModelSpec SMOKE = new ModelSpec(new int[] {64, 64}, 64, 60, 20, 2, DataType.FLOAT);
    static final String HIDDEN = "hidden";
    static final String BATCH_SIZE = "batch_size";
    static final String MAX_STEPS = "max_steps";
    static final String EVAL_EVERY = "eval_every";
    static final String PATIENCE = "patience";
    static final String DTYPE = "dtype";

    public ModelSpec {
        if (hidden == null || hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden must list at least one width >= 1, got "
                    + Arrays.toString(hidden));
        }
        if (batchSize < 1 || maxSteps < 1 || patience < 1 || evalEvery < 1 || evalEvery > maxSteps) {
            throw new IllegalArgumentException("need batchSize >= 1, maxSteps >= 1, 1 <= evalEvery <= maxSteps and "
                    + "patience >= 1, got batchSize = " + batchSize + ", maxSteps = " + maxSteps + ", evalEvery = "
                    + evalEvery + ", patience = " + patience);
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
        }
        hidden = hidden.clone();
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** The same model with another step budget (evalEvery clipped to it). */
    public ModelSpec withMaxSteps(int steps) {
        return new ModelSpec(hidden, batchSize, steps, Math.min(evalEvery, Math.max(1, steps)), patience, dataType);
    }

    /**
     * The model as a sweep's fixed settings ({@code hidden, batch_size, max_steps, eval_every, patience, dtype}), so
     * that it is part of every run's id and a training function can rebuild it with {@link #fromSettings}.
     */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(HIDDEN, Arrays.stream(hidden).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        s.put(BATCH_SIZE, Integer.toString(batchSize));
        s.put(MAX_STEPS, Integer.toString(maxSteps));
        s.put(EVAL_EVERY, Integer.toString(evalEvery));
        s.put(PATIENCE, Integer.toString(patience));
        s.put(DTYPE, dataType.name());
        return Collections.unmodifiableMap(s);
    }

    /**
     * The model of a run's settings, as {@link #settings()} wrote them (other settings are ignored).
     *
     * @throws IllegalArgumentException naming a missing or malformed setting
     */
    public static ModelSpec fromSettings(Map<String, String> settings) {
        try {
            int[] hidden = Arrays.stream(require(settings, HIDDEN).split(",")).mapToInt(h -> Integer.parseInt(h.trim()))
                    .toArray();
            return new ModelSpec(hidden, Integer.parseInt(require(settings, BATCH_SIZE)),
                    Integer.parseInt(require(settings, MAX_STEPS)), Integer.parseInt(require(settings, EVAL_EVERY)),
                    Integer.parseInt(require(settings, PATIENCE)), DataType.valueOf(require(settings, DTYPE)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed model settings " + settings + ": " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> settings, String name) {
        String v = settings.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the model setting '" + name + "' is missing from " + settings);
        }
        return v;
    }

    /** Number of shared (trunk) parameters for d input features. */
    public long sharedParameters(int features) {
        long count = 0;
        int in = features;
        for (int h : hidden) {
            count += (long) in * h + h;
            in = h;
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && Arrays.equals(hidden, m.hidden) && batchSize == m.batchSize
                && maxSteps == m.maxSteps && evalEvery == m.evalEvery && patience == m.patience
                && dataType == m.dataType;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden) * 31 + java.util.Objects.hash(batchSize, maxSteps, evalEvery, patience,
                dataType);
    }

    @Override
    public String toString() {
        return "MLP trunk " + Arrays.toString(hidden) + " + one softmax head per task, batch " + batchSize + ", <= "
                + maxSteps + " steps, validation every " + evalEvery + " steps, patience " + patience + ", "
                + dataType;
    }
}
