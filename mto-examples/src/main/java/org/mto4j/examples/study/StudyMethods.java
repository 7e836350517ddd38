package org.mto4j.examples.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mto4j.core.CombinerSpec;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.LossWeightingCombiner;

/**
 * The methods a study compares, by the labels its results use: {@code ls} for linear scalarization (the
 * registry's {@code static} combiner with one task-weight vector per run, trained with one backward pass of the
 * weighted loss), and every other method by its name in {@link Combiners}, with its default options (the sweep's
 * {@code RunSpec.combiner()} gives PCGrad and RLW the run's seed).
 *
 * <p>Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class StudyMethods {
    /** The study's name for linear scalarization, as in the Pareto CLI ({@code --scalarization ls}). */
    public static final String SCALARIZATION = "ls";
    /**
     * The default methods: scalarization, the MTO methods the paper studies that mto4j has (MGDA, PCGrad,
     * IMTL-G, IMTL, GradNorm, RLW), and CAGrad, Nash-MTL and UPGrad, each with its registry defaults. IMTL's
     * log-scales (its {@code lr} is 0 by default) are trained by the training adapter with the model's own updater,
     * as in the paper and LibMTL.
     */
    public static final List<String> DEFAULT = List.of(SCALARIZATION, "mgda", "pcgrad", "imtl-g", "imtl", "gradnorm",
            "rlw", "cagrad", "nash-mtl", "upgrad");

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
