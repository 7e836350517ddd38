package org.mto4j.core;

import java.util.Map;

/** Small weightings for testing the core machinery without mto-optimizers. */
final class TestWeightings {

    private TestWeightings() {
    }

    /** Gram weighting: wᵢ = 1 / (K ‖gᵢ‖) (zero rows get weight 0): the mean of the normalised gradients. */
    static final class NormalizedMean implements GramWeighting {
        @Override
        public Weights weigh(Gramian gramian, TaskLosses losses) {
            int k = gramian.size();
            double[] w = new double[k];
            for (int i = 0; i < k; i++) {
                double n = gramian.norm(i);
                w[i] = n == 0 ? 0 : 1.0 / (k * n);
            }
            return Weights.of(w);
        }

        @Override
        public String name() {
            return "normalized-mean";
        }
    }

    /** Stateful loss weighting: wᵢ = Lᵢ · (1 + step/10) / K, with the step count as state. */
    static final class GrowingLossWeighting implements LossWeighting {
        private long step;

        @Override
        public Weights weigh(int numTasks, TaskLosses losses) {
            double[] w = new double[numTasks];
            double factor = (1 + step / 10.0) / numTasks;
            for (int i = 0; i < numTasks; i++) {
                w[i] = losses.get(i) * factor;
            }
            step++;
            return new Weights(w, new Diagnostics("growing", true, 1, 0.0));
        }

        @Override
        public String name() {
            return "growing";
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
        public GrowingLossWeighting copy() {
            return new GrowingLossWeighting();
        }

        @Override
        public String toString() {
            return "growing(step=" + step + ")";
        }
    }

    /**
     * Cross Gram weighting, stateful: wᵢ = max(C_ii, 0) / Σⱼ max(C_jj, 0) (1/K when all are ≤ 0), times the step
     * number (1, 2, ...), so that state handling shows in the results.
     */
    static final class DiagonalShare implements CrossGramWeighting {
        private long step;

        @Override
        public Weights weigh(CrossGramian crossGramian, TaskLosses losses) {
            int k = crossGramian.size();
            double[] d = crossGramian.diagonal();
            double total = 0;
            for (int i = 0; i < k; i++) {
                d[i] = Math.max(d[i], 0);
                total += d[i];
            }
            step++;
            double[] w = new double[k];
            for (int i = 0; i < k; i++) {
                w[i] = step * (total == 0 ? 1.0 / k : d[i] / total);
            }
            return Weights.of(w);
        }

        @Override
        public String name() {
            return "diagonal-share";
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
        public DiagonalShare copy() {
            return new DiagonalShare();
        }
    }
}
