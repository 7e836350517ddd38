package org.mto4j.examples.study;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;

/**
 * What one training run of a study trains: a method with its registry options, the task weights (scalarization
 * only), the learning rate, the weight decay and the seed (model initialisation, batch order, and the method's
 * own randomness).
 *
 * @param method       the study's method name ({@code ls} or a registry name, see {@link StudyMethods})
 * @param combiner     the registry name of the combiner to build
 * @param options      the combiner's options ({@code Combiners.create(combiner, options)})
 * @param taskWeights  one weight per task for {@code ls}, empty for every other method
 * @param learningRate Adam's learning rate, &gt; 0
 * @param weightDecay  weight decay, ≥ 0
 * @param seed         the run's seed
 * @param traced       whether this run writes its weight trace ({@code traces/<method>.csv})
 * @since 0.1.0
 */
public record RunSpec(String method, String combiner, Map<String, Object> options, double[] taskWeights,
        double learningRate, double weightDecay, long seed, boolean traced) {

    public RunSpec {
        if (method == null || method.isBlank() || combiner == null || combiner.isBlank()) {
            throw new IllegalArgumentException("method and combiner must be names, got '" + method + "' and '"
                    + combiner + "'");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
        taskWeights = taskWeights == null ? new double[0] : taskWeights.clone();
        options = Map.copyOf(options);
    }

    /** Builds the run of a study method (options from {@link StudyMethods#options}). */
    public static RunSpec of(String method, double[] taskWeights, double learningRate, double weightDecay, long seed,
            boolean traced) {
        return new RunSpec(method, StudyMethods.combiner(method),
                StudyMethods.options(method, taskWeights, seed), taskWeights, learningRate, weightDecay, seed,
                traced);
    }

    @Override
    public double[] taskWeights() {
        return taskWeights.clone();
    }

    /**
     * A stable identifier, the same in every run of the study ({@code ls-w0.3_0.7-lr0.003-wd0-s1}); a resumed
     * study skips the runs whose id is already in its results file.
     */
    public String id() {
        StringBuilder b = new StringBuilder(method);
        if (taskWeights.length > 0) {
            b.append("-w");
            for (int k = 0; k < taskWeights.length; k++) {
                b.append(k == 0 ? "" : "_").append(plain(taskWeights[k]));
            }
        }
        return b.append("-lr").append(plain(learningRate)).append("-wd").append(plain(weightDecay)).append("-s")
                .append(seed).toString();
    }

    /** A number without exponent or trailing zeros: 0.003, 1, 0.25. */
    public static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Equal runs have the same id, combiner and tracing (the options follow from those). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RunSpec r && id().equals(r.id()) && combiner.equals(r.combiner) && traced == r.traced;
    }

    @Override
    public int hashCode() {
        return id().hashCode();
    }

    @Override
    public String toString() {
        return id() + " (" + combiner + " " + options.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() instanceof double[] d ? Arrays.toString(d) : e.getValue()))
                .toList() + ")";
    }
}
