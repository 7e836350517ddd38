package org.mto4j.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mto4j.core.CombinerState;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * A stateful test weighting that needs the losses: wᵢ = (1 / Lᵢ) / Σⱼ (1 / Lⱼ) · (1 + step / 100); it records the
 * mean losses of every {@link #endEpoch} call.
 */
public final class InverseLossWeighting implements LossWeighting {

    private long step;
    private final List<TaskLosses> epochs = new ArrayList<>();

    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        double sum = 0;
        for (int i = 0; i < numTasks; i++) {
            sum += 1.0 / losses.get(i);
        }
        double[] w = new double[numTasks];
        for (int i = 0; i < numTasks; i++) {
            w[i] = (1.0 / losses.get(i)) / sum * (1 + step / 100.0);
        }
        step++;
        return Weights.of(w);
    }

    /** The weights {@link #weigh} gives for these losses at this step count, without advancing. */
    public static double[] expected(double[] losses, long step) {
        double sum = 0;
        for (double l : losses) {
            sum += 1.0 / l;
        }
        double[] w = new double[losses.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (1.0 / losses[i]) / sum * (1 + step / 100.0);
        }
        return w;
    }

    @Override
    public void endEpoch(TaskLosses epochMeanLosses) {
        epochs.add(epochMeanLosses);
    }

    /** The losses of every endEpoch call so far. */
    public List<TaskLosses> epochs() {
        return epochs;
    }

    @Override
    public String name() {
        return "inverse-loss";
    }

    @Override
    public boolean needsLosses() {
        return true;
    }

    @Override
    public boolean isStateful() {
        return true;
    }

    @Override
    public void reset() {
        step = 0;
    }

    @Override
    public CombinerState snapshot() {
        return CombinerState.of(name(), Map.of("step", new double[] {step}));
    }

    @Override
    public void restore(CombinerState state) {
        step = (long) state.requireOwner(name()).get("step")[0];
    }

    @Override
    public InverseLossWeighting copy() {
        return new InverseLossWeighting();
    }
}
