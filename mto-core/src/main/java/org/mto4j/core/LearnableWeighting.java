package org.mto4j.core;

/**
 * A weighting with K parameters of its own that are learned during training: UW's log-variances, IMTL-L's and
 * IMTL's log-scales, FAMO's logits, GradNorm's task weights. Each step that produces weights also computes the
 * gradient of the method's own objective with respect to them. Either the method applies it itself, with a
 * built-in optimizer ({@link #trainsItself()}: its learning-rate option &gt; 0), or the training loop does, with an
 * updater of its choice:
 * <pre>
 *   Weights w = weighting.weigh(k, losses);                  // uses the parameters, then computes their gradient
 *   if (!weighting.trainsItself()) {
 *       weighting.setParameters(myUpdater.step(weighting.parameters(), weighting.parameterGradient()));
 *   }
 * </pre>
 * Never both: a loop that updates the parameters of a method that {@link #trainsItself()} trains them twice. A
 * combiner shows the learnable weighting it runs through {@link GradientCombiner#learnableWeighting()}, also
 * through wrappers such as {@link GradientCombiner#withListener}; mto-training's adapters train it that way. The
 * parameters and their last gradient are part of the method's {@link Lifecycle#snapshot()}.
 *
 * <p>Not thread-safe, like every stateful method.
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

    /**
     * Whether the method updates its parameters itself at every step (a built-in optimizer, switched on by a
     * learning-rate option &gt; 0). A training loop then leaves them alone; otherwise it trains them from
     * {@link #parameterGradient()}, or they keep their values.
     *
     * @return true if the method trains its own parameters
     */
    boolean trainsItself();
}
