package org.mto4j.training.sweep;

import java.io.Serializable;
import java.util.Arrays;
import org.mto4j.pareto.Sense;

/**
 * Early stopping on a validation split, for runs with several tasks: one score per epoch from the K validation
 * metrics, stop after {@code patience} epochs without an improvement of more than {@code minDelta}, and keep the
 * metrics of the best epoch.
 *
 * <pre>
 *   score(v) = Σₖ cₖ · sₖ · vₖ          sₖ = +1 for a minimized metric (loss), −1 for a maximized one (accuracy)
 *   epoch e improves  ⇔  score(vₑ) &lt; best − minDelta        (lower is better; the first finite score improves)
 *   stop after epoch e  ⇔  patience epochs in a row without improvement, or score(vₑ) is NaN or ±∞ (diverged)
 *   criterion weights c:  a scalarization run's own task weights; 1/K each for every other method
 * </pre>
 * Why these weights: a scalarization run minimises Σ wₖ Lₖ on the training split, so its checkpoint is chosen by
 * the same weighted sum on the validation split — the selection rule mto-pareto's {@code ScalarizationFront} also
 * uses. An MTO method has no preferred weighting, so it is judged by the plain mean over tasks, the usual
 * multi-task average. The mean adds raw metrics: when the tasks' metrics have very different scales, give weights
 * that bring them to one scale (for instance 1 / (each task's single-task loss)) with the general constructor.
 *
 * <p>The configuration is immutable, serializable and thread-safe; a {@link Tracker} holds one run's state and is
 * not thread-safe.
 *
 * @since 0.1.0
 */
public final class EarlyStopping implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Improvement needed to count as one, in the score's units, when none is given. */
    public static final double DEFAULT_MIN_DELTA = 0.0;

    private final int patience;
    private final double minDelta;
    private final double[] weights;
    private final Sense[] senses;

    /**
     * @param patience         epochs without improvement before stopping, &gt;= 1
     * @param minDelta         an epoch improves only if its score is lower than the best by more than this, &gt;= 0
     * @param criterionWeights cₖ, one per task, finite, &gt;= 0, not all 0
     * @param senses           one per task: whether its validation metric is minimized or maximized
     * @throws IllegalArgumentException naming the bad parameter and its value
     */
    public EarlyStopping(int patience, double minDelta, double[] criterionWeights, Sense[] senses) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("minDelta must be finite and >= 0, got " + minDelta);
        }
        if (criterionWeights == null || criterionWeights.length == 0) {
            throw new IllegalArgumentException("criterionWeights must have one weight per task, got "
                    + Arrays.toString(criterionWeights));
        }
        double sum = 0;
        for (double c : criterionWeights) {
            if (!(c >= 0) || !Double.isFinite(c)) {
                throw new IllegalArgumentException("criterionWeights must be finite and >= 0, got "
                        + Arrays.toString(criterionWeights));
            }
            sum += c;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("criterionWeights must not all be 0, got "
                    + Arrays.toString(criterionWeights));
        }
        if (senses == null || senses.length != criterionWeights.length || Arrays.asList(senses).contains(null)) {
            throw new IllegalArgumentException("senses must have one sense per task (" + criterionWeights.length
                    + "), got " + Arrays.toString(senses));
        }
        this.patience = patience;
        this.minDelta = minDelta;
        this.weights = criterionWeights.clone();
        this.senses = senses.clone();
    }

    /**
     * The criterion of a sweep run: its task weights for scalarization, 1/K each otherwise; every task's metric
     * of the same sense.
     */
    public static EarlyStopping forRun(RunSpec run, int patience, double minDelta, Sense sense) {
        if (run == null || sense == null) {
            throw new IllegalArgumentException("run and sense must not be null");
        }
        double[] c = run.taskWeights();
        if (c.length == 0) {
            c = new double[run.numTasks()];
            Arrays.fill(c, 1.0 / run.numTasks());
        }
        return new EarlyStopping(patience, minDelta, c, sense.times(run.numTasks()));
    }

    public int patience() {
        return patience;
    }

    public double minDelta() {
        return minDelta;
    }

    /** A copy of the criterion weights cₖ. */
    public double[] criterionWeights() {
        return weights.clone();
    }

    /** The score of validation metrics (lower is better). */
    public double score(double[] validation) {
        check(validation, "validation");
        double s = 0;
        for (int k = 0; k < weights.length; k++) {
            s += weights[k] * (senses[k] == Sense.MINIMIZE ? validation[k] : -validation[k]);
        }
        return s;
    }

    private void check(double[] metrics, String split) {
        if (metrics == null || metrics.length != weights.length) {
            throw new IllegalArgumentException(split + " metrics must have one value per task (" + weights.length
                    + "), got " + (metrics == null ? "null" : metrics.length));
        }
    }

    /** A new tracker for one run. */
    public Tracker start() {
        return new Tracker();
    }

    /**
     * The state of one run: call {@link #record} after every epoch's evaluation, stop when it returns true, then
     * report {@link #result}. Not thread-safe.
     *
     * <pre>
     *   EarlyStopping.Tracker stop = EarlyStopping.forRun(run, 5, 0.0, Sense.MINIMIZE).start();
     *   for (int epoch = 0; epoch &lt; maxEpochs; epoch++) {
     *       trainOneEpoch();
     *       if (stop.record(validationLosses(), trainLosses(), testLosses())) {
     *           break;
     *       }
     *   }
     *   return stop.result(steps);          // the metrics of the best epoch
     * </pre>
     *
     * @since 0.1.0
     */
    public final class Tracker {
        private int epochs;
        private int bestEpoch = -1;
        private double bestScore = Double.POSITIVE_INFINITY;
        private double[] bestTrain;
        private double[] bestValidation;
        private double[] bestTest;
        private int sinceBest;
        private boolean improved;
        private boolean stopped;

        private Tracker() {
        }

        /**
         * Records one epoch's metrics (each one per task; train and test are only kept, never looked at).
         *
         * @return true when training should stop now
         * @throws IllegalStateException    after a call that returned true
         * @throws IllegalArgumentException for metrics of the wrong length
         */
        public boolean record(double[] validation, double[] train, double[] test) {
            if (stopped) {
                throw new IllegalStateException("early stopping already said stop after epoch " + (epochs - 1));
            }
            check(train, "train");
            check(test, "test");
            double score = score(validation);
            epochs++;
            improved = Double.isFinite(score) && score < bestScore - minDelta;
            if (improved) {
                bestEpoch = epochs - 1;
                bestScore = score;
                bestTrain = train.clone();
                bestValidation = validation.clone();
                bestTest = test.clone();
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            stopped = !Double.isFinite(score) || sinceBest >= patience;
            return stopped;
        }

        /** True when the last recorded epoch became the best (save the parameters now if you keep them). */
        public boolean improved() {
            return improved;
        }

        /** True once {@link #record} has said stop. */
        public boolean stopped() {
            return stopped;
        }

        /** Epochs recorded. */
        public int epochs() {
            return epochs;
        }

        /** The 0-based epoch with the best score, or −1 before the first finite score. */
        public int bestEpoch() {
            return bestEpoch;
        }

        /** The best score so far (+∞ before the first finite score). */
        public double bestScore() {
            return bestScore;
        }

        /**
         * The best epoch's train, validation and test metrics with the given steps.
         *
         * @throws IllegalStateException if no epoch had a finite score (the run diverged at once)
         */
        public RunResult result(long steps) {
            if (bestEpoch < 0) {
                throw new IllegalStateException("no epoch had a finite validation score in " + epochs
                        + " epochs (the run diverged)");
            }
            return RunResult.of(bestTrain, bestValidation, bestTest, steps);
        }
    }
}
