package org.mto4j.optimizers;

/**
 * A weighting with K parameters of its own that are learned during training: the log-variances of {@link UW},
 * the log-scales of {@link IMTLL} and {@link IMTL}, the logits of {@link FAMO}, the task weights of
 * {@link GradNorm}. Each step computes the gradient of the method's own objective with respect to them; a
 * built-in optimizer (where the method has one and its learning rate is &gt; 0) applies it, or the caller's own
 * updater does:
 * <pre>
 *   Weights w = weighting.weigh(k, losses);                  // uses the parameters, then computes their gradient
 *   double[] g = weighting.parameterGradient();
 *   weighting.setParameters(myUpdater.step(weighting.parameters(), g));
 * </pre>
 * Through the registry the weighting sits inside a combiner:
 * {@code (LearnableWeighting) ((LossWeightingCombiner) combiner).weighting()} (or {@code GramCombiner}).
 * The parameters and their last gradient are part of the method's {@code snapshot()}.
 *
 * @since 0.1.0
 */
public interface LearnableWeighting {

    /**
     * The current parameter values.
     *
     * @return a copy of the K values, or an empty array before the first step (when K is not yet known)
     */
    double[] parameters();

    /**
     * The gradient of the method's own objective with respect to its parameters, at the parameter values of the
     * last step that produced one (each class says which step that is).
     *
     * @return a copy of the K partial derivatives, or an empty array before there is one
     */
    double[] parameterGradient();

    /**
     * Replaces the parameter values, e.g. after a step of the caller's own updater. The next step uses them.
     *
     * @param values K finite values (K as in earlier steps, or any K &ge; 1 before the first step); copied
     * @throws IllegalArgumentException if the count is wrong or a value is not finite
     */
    void setParameters(double[] values);
}
