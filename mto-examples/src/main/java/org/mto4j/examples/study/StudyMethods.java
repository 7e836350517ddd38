package org.mto4j.examples.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mto4j.core.CombinerSpec;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.LossWeightingCombiner;

/**
 * The methods a study compares, by the names its results use: {@code ls} for linear scalarization (the
 * registry's {@code static} combiner with one task-weight vector per run, trained with one backward pass of the
 * weighted loss), and every other name as registered in {@link Combiners}.
 *
 * <p>Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class StudyMethods {
    /** The study's name for linear scalarization, as in the Pareto CLI ({@code --scalarization ls}). */
    public static final String SCALARIZATION = "ls";
    /** The registry combiner that trains a scalarization run. */
    public static final String SCALARIZATION_COMBINER = "static";
    /**
     * The default methods: scalarization, the MTO methods the paper studies that mto4j has (MGDA, PCGrad,
     * IMTL-G, RLW), and CAGrad, Nash-MTL and UPGrad.
     */
    public static final List<String> DEFAULT = List.of(SCALARIZATION, "mgda", "pcgrad", "imtl-g", "rlw", "cagrad",
            "nash-mtl", "upgrad");
    /** The registry option through which a randomized method (PCGrad's order, RLW's weights) gets its seed. */
    static final String SEED_OPTION = "seed";

    private StudyMethods() {
    }

    /**
     * Checks study method names: {@code ls} or a registered combiner, no duplicates.
     *
     * @return the names, lower-case, in the given order
     * @throws IllegalArgumentException naming the unknown method and the valid ones
     */
    public static List<String> validate(List<String> methods) {
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("methods must name at least one method, got " + methods);
        }
        List<String> out = new ArrayList<>();
        for (String m : methods) {
            String name = m.trim().toLowerCase(java.util.Locale.ROOT);
            if (!name.equals(SCALARIZATION) && !Combiners.names().contains(name)) {
                throw new IllegalArgumentException("unknown method '" + m + "'; valid methods are " + SCALARIZATION
                        + " (linear scalarization) and " + Combiners.names());
            }
            if (out.contains(name)) {
                throw new IllegalArgumentException("method '" + name + "' is listed twice in " + methods);
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    /** The registry name of the combiner that trains a study method. */
    public static String combiner(String method) {
        return method.equals(SCALARIZATION) ? SCALARIZATION_COMBINER : method;
    }

    /**
     * The registry options of one run: the task weights for scalarization, the run's seed for a method that
     * takes one, nothing else (every other option keeps its default, as the paper tuned only the learning rate).
     */
    public static Map<String, Object> options(String method, double[] taskWeights, long seed) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (method.equals(SCALARIZATION)) {
            options.put("weights", taskWeights.clone());
        } else if (Combiners.spec(method).options().contains(SEED_OPTION)) {
            options.put(SEED_OPTION, seed);
        }
        return options;
    }

    /**
     * Whether a method trains with one backward pass of a weighted loss (scalarization and the loss weightings
     * such as RLW) rather than K per-task backward passes; empty for a name the registry does not know.
     */
    public static Optional<Boolean> oneBackwardPass(String method) {
        if (method.equals(SCALARIZATION)) {
            return Optional.of(true);
        }
        if (!Combiners.names().contains(method)) {
            return Optional.empty();
        }
        CombinerSpec spec = Combiners.spec(method);
        try {
            GradientCombiner combiner = spec.create(Map.of());
            return Optional.of(combiner instanceof LossWeightingCombiner);
        } catch (IllegalArgumentException needsOptions) {
            return Optional.empty();
        }
    }
}
