package org.mto4j.core;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A combiner that passes every combination to a listener. Made by {@link GradientCombiner#withListener}. It shows
 * what it wraps ({@link #lossWeighting()}, {@link #learnableWeighting()}), and a step computed outside
 * {@code combineInto} reaches the listener through {@link #notifyListeners}.
 * The step counter is not part of the method's state: {@link #reset()} restarts it at 0, a copy starts at 0.
 */
final class ObservedCombiner implements GradientCombiner {

    private final GradientCombiner delegate;
    private final CombinationListener listener;
    private final AtomicLong step = new AtomicLong();

    ObservedCombiner(GradientCombiner delegate, CombinationListener listener) {
        this.delegate = Checks.notNull(delegate, "delegate");
        this.listener = Checks.notNull(listener, "listener");
    }

    @Override
    public Combination combine(TaskGradients gradients, TaskLosses losses) {
        return observed(delegate.combine(gradients, losses));
    }

    @Override
    public Combination combineInto(TaskGradients gradients, TaskLosses losses, INDArray out) {
        return observed(delegate.combineInto(gradients, losses, out));
    }

    @Override
    public Optional<LossWeighting> lossWeighting() {
        return delegate.lossWeighting();
    }

    @Override
    public void notifyListeners(Combination combination) {
        delegate.notifyListeners(combination);
        observed(combination);
    }

    private Combination observed(Combination combination) {
        listener.onCombination(step.getAndIncrement(), combination);
        return combination;
    }

    @Override
    public GradientCombiner copy() {
        return new ObservedCombiner(delegate.copy(), listener);
    }

    @Override
    public Optional<LearnableWeighting> learnableWeighting() {
        return delegate.learnableWeighting();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public boolean needsLosses() {
        return delegate.needsLosses();
    }

    @Override
    public boolean isStateful() {
        return delegate.isStateful();
    }

    @Override
    public void reset() {
        delegate.reset();
        step.set(0);
    }

    @Override
    public void endEpoch(TaskLosses epochMeanLosses) {
        delegate.endEpoch(epochMeanLosses);
    }

    @Override
    public CombinerState snapshot() {
        return delegate.snapshot();
    }

    @Override
    public void restore(CombinerState state) {
        delegate.restore(state);
    }

    @Override
    public String toString() {
        return "Observed[" + delegate + "]";
    }
}
