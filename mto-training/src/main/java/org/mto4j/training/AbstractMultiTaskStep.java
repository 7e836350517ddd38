package org.mto4j.training;

import java.util.Arrays;
import java.util.List;

import org.mto4j.core.Combination;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.Gramian;
import org.mto4j.core.LearnableWeighting;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The training step every adapter shares; an adapter supplies the passes over its model and the update.
 * <pre>
 *   WEIGHTED_LOSS:       [forward: losses, if the weighting needs them]  w = weighting(K, losses)
 *                        one backward pass of Σ wᵢ Lᵢ into the gradient buffer
 *                        [a wrapped combiner's listeners get (d, w), d the shared block]    update
 *   PER_TASK_GRADIENTS:  for each task i: one pass; row i of J ← ∇_shared Lᵢ, heads of i ← ∇_heads Lᵢ
 *                        d = combiner(J, losses) into the shared gradient                     update
 *   then, for a learnable weighting that does not train itself (uw, imtl-l, imtl with lr = 0):
 *                        θ_w ← θ_w − updater(∂/∂θ_w of the method's objective)       (its own FlatUpdater, K values)
 * </pre>
 * Heads (parameters only one task's loss depends on) get their own task's gradient: wᵢ∇Lᵢ for a loss weighting
 * — the gradient of Σ wᵢ Lᵢ, whichever path computes it — and ∇Lᵢ for every other combiner, as LibMTL and TorchJD
 * do (a head has no conflict to resolve).
 *
 * <p>A learnable weighting's K parameters (UW's log-variances, IMTL-L's and IMTL's log-scales; see
 * {@link LearnableWeighting}) are trained at every step, after the model's update, by a second {@link FlatUpdater}
 * over those K values in DOUBLE, with the adapter's choice of updater (the model's own by default) and the step's
 * iteration and epoch counts, without regularization: the papers (Kendall et al. 2018, Liu et al. 2021) and LibMTL
 * train them jointly with the network by the same optimizer on the same total loss. A method that
 * {@link LearnableWeighting#trainsItself()} (its own {@code lr} &gt; 0) is left alone: nothing is trained twice.
 *
 * <p>Adapter authors implement the protected methods; users call the {@link MultiTaskStep} methods. Not
 * thread-safe.
 *
 * @param <B> the batch type
 * @since 0.1.0
 */
public abstract class AbstractMultiTaskStep<B> implements MultiTaskStep<B> {

    private final List<String> taskNames;
    private final GradientCombiner combiner;
    private final ExecutionPath path;
    private final LossWeighting lossWeighting;
    private final boolean listened;
    private final TaskGradients jacobian;
    private final LearnableWeighting learnable;     // null: no learnable weighting, or one that trains itself
    private final FlatUpdater learnableUpdater;
    private final INDArray learnableValues;
    private final INDArray learnableGradient;

    /**
     * @param taskNames the K task names
     * @param combiner  the combiner
     * @param path      {@link ExecutionPath#of(GradientCombiner)}, or {@link ExecutionPath#PER_TASK_GRADIENTS}
     *                  forced for a loss weighting (to see J)
     * @param dataType  the parameters' type, FLOAT or DOUBLE
     * @param numShared P, the number of shared parameters (the Jacobian is allocated for the per-task path)
     * @param weightingUpdater the updater that trains the parameters of the combiner's
     *                  {@link GradientCombiner#learnableWeighting() learnable weighting} at every step, unless the
     *                  method trains them itself; may be null when the combiner has none to train
     * @throws IllegalArgumentException if the combiner cannot weigh K tasks (for example static weights of
     *                                  another length), the weighted-loss path is asked of another combiner, or
     *                                  a learnable weighting to train has no updater
     */
    protected AbstractMultiTaskStep(List<String> taskNames, GradientCombiner combiner, ExecutionPath path,
                                    DataType dataType, long numShared, IUpdater weightingUpdater) {
        this.taskNames = List.copyOf(taskNames);
        this.combiner = combiner;
        this.path = path;
        this.lossWeighting = combiner.lossWeighting().orElse(null);
        if (path == ExecutionPath.WEIGHTED_LOSS && lossWeighting == null) {
            throw new IllegalArgumentException("the weighted-loss path needs a loss weighting, got '"
                    + combiner.name() + "' (" + combiner.getClass().getSimpleName() + ")");
        }
        // A wrapper (withListener) around a loss weighting: its listeners get each weighted-loss step.
        this.listened = path == ExecutionPath.WEIGHTED_LOSS && !(combiner instanceof LossWeightingCombiner);
        checkCombinerFits(combiner, this.taskNames);
        this.jacobian = path == ExecutionPath.PER_TASK_GRADIENTS
                ? TaskGradients.allocate(this.taskNames.size(), numShared, dataType) : null;
        this.learnable = combiner.learnableWeighting().filter(l -> !l.trainsItself()).orElse(null);
        if (learnable == null) {
            this.learnableUpdater = null;
            this.learnableValues = null;
            this.learnableGradient = null;
        } else {
            if (weightingUpdater == null) {
                throw new IllegalArgumentException("combiner '" + combiner.name() + "' has learnable parameters "
                        + "that it does not train itself; an updater for them is needed");
            }
            int k = this.taskNames.size();
            this.learnableUpdater = new FlatUpdater(weightingUpdater, List.of(), k, DataType.DOUBLE);
            this.learnableValues = Nd4j.create(DataType.DOUBLE, k);
            this.learnableGradient = Nd4j.create(DataType.DOUBLE, k);
        }
    }

    /**
     * Finds a combiner that cannot serve K tasks before any training: its weighting, copied (fresh state, so the
     * combiner's own state is untouched), weighs an identity Gram matrix or K unit losses once.
     */
    static void checkCombinerFits(GradientCombiner combiner, List<String> tasks) {
        int k = tasks.size();
        double[] ones = new double[k];
        Arrays.fill(ones, 1.0);
        TaskLosses losses = TaskLosses.of(ones);
        Weights w;
        try {
            if (combiner.lossWeighting().isPresent()) {
                w = combiner.lossWeighting().get().copy().weigh(k, losses);
            } else if (combiner instanceof GramCombiner) {
                double[][] identity = new double[k][k];
                for (int i = 0; i < k; i++) {
                    identity[i][i] = 1.0;
                }
                w = ((GramCombiner) combiner).weighting().copy().weigh(Gramian.of(identity), losses);
            } else {
                return; // any other combiner shows what it needs at its first step
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("combiner '" + combiner.name() + "' cannot combine the " + k
                    + " tasks " + tasks + ": " + e.getMessage(), e);
        }
        if (w == null || w.size() != k) {
            throw new IllegalArgumentException("combiner '" + combiner.name() + "' gives "
                    + (w == null ? "no" : String.valueOf(w.size())) + " weights for the " + k + " tasks " + tasks);
        }
    }

    @Override
    public final StepReport fit(B batch) {
        checkBatch(batch);
        int iteration = iteration();
        beginStep(batch);
        try {
            return path == ExecutionPath.WEIGHTED_LOSS ? weightedStep(batch, iteration)
                    : perTaskStep(batch, iteration);
        } finally {
            endStep();
        }
    }

    private StepReport weightedStep(B batch, int iteration) {
        int k = numTasks();
        long forward = 0;
        double[] losses = null;
        TaskLosses known = null;
        if (lossWeighting.needsLosses()) {
            long t = System.nanoTime();
            losses = forwardLosses(batch);
            forward = System.nanoTime() - t;
            known = finite(losses, iteration);
        }
        long t = System.nanoTime();
        Weights w = lossWeighting.weigh(k, known);
        if (w == null || w.size() != k) {
            throw new IllegalStateException("'" + lossWeighting.name() + "' returned "
                    + (w == null ? "null" : w.size() + " weights") + " for " + k + " tasks");
        }
        long solve = System.nanoTime() - t;
        t = System.nanoTime();
        double[] passLosses = weightedPass(batch, w.values());
        long pass = System.nanoTime() - t;
        if (losses == null) {
            losses = passLosses;
            finite(losses, iteration);
        }
        if (listened) {
            combiner.notifyListeners(new Combination(weightedDirection(), w, null));
        }
        t = System.nanoTime();
        update(iteration);
        long update = System.nanoTime() - t;
        return new StepReport(iteration, path, losses, w.values(), w.diagnostics(), new long[] {pass}, forward, 0,
                solve, 0, update);
    }

    private StepReport perTaskStep(B batch, int iteration) {
        int k = numTasks();
        long[] passes = new long[k];
        double[] losses = new double[k];
        for (int i = 0; i < k; i++) {
            long t = System.nanoTime();
            losses[i] = taskPass(batch, i, jacobian);
            passes[i] = System.nanoTime() - t;
        }
        TaskLosses taskLosses = finite(losses, iteration);
        INDArray out = directionBuffer();
        long gram = 0;
        long solve = 0;
        long combine;
        Weights w;
        long t = System.nanoTime();
        if (combiner instanceof GramCombiner) {
            // The three parts of GramCombiner.combineInto, timed one by one.
            GramCombiner gc = (GramCombiner) combiner;
            Gramian g = gc.gramian(jacobian);
            gram = System.nanoTime() - t;
            t = System.nanoTime();
            w = gc.weigh(g, taskLosses);
            solve = System.nanoTime() - t;
            t = System.nanoTime();
            requireFloatRange(g, w);
            gc.combineShardInto(jacobian, w, out);
        } else {
            Combination c = combiner.combineInto(jacobian, taskLosses, out);
            w = c.weightsWithDiagnostics();
        }
        directionWritten();
        if (lossWeighting != null) {
            for (int i = 0; i < k; i++) {
                scaleHeadGradients(i, w.get(i));
            }
        }
        combine = System.nanoTime() - t;
        t = System.nanoTime();
        update(iteration);
        long update = System.nanoTime() - t;
        return new StepReport(iteration, path, losses, w.values(), w.diagnostics(), passes, 0, gram, solve,
                combine, update);
    }

    /** The model's update, then one step of the learnable weighting's parameters that the step trains. */
    private void update(int iteration) {
        applyUpdate();
        if (learnable == null) {
            return;
        }
        double[] gradient = learnable.parameterGradient();
        if (gradient.length == 0) {
            return; // none yet: FAMO's first step, GradNorm's epoch 0 in LibMTL's variant
        }
        double[] values = learnable.parameters();
        int k = numTasks();
        if (gradient.length != k || values.length != k) {
            throw new IllegalStateException("'" + combiner.name() + "' has " + values.length + " parameters and "
                    + gradient.length + " partial derivatives for " + k + " tasks");
        }
        for (int i = 0; i < k; i++) {
            learnableValues.putScalar(i, values[i]);
            learnableGradient.putScalar(i, gradient[i]);
        }
        learnableUpdater.apply(learnableValues, learnableGradient, iteration, epoch());
        learnable.setParameters(learnableValues.toDoubleVector());
    }

    /** |dₚ| &le; ‖d‖ = √(wᵀGw): the same guard as GramCombiner.combineInto, which the timed parts skip. */
    private void requireFloatRange(Gramian g, Weights w) {
        if (jacobian.dataType() == DataType.FLOAT) {
            double norm = Math.sqrt(Math.max(0.0, g.quadraticForm(w.values())));
            if (norm > Float.MAX_VALUE) {
                throw new ArithmeticException("the combined direction has norm " + norm
                        + ", beyond FLOAT's range, at iteration " + iteration() + "; training diverged");
            }
        }
    }

    private TaskLosses finite(double[] losses, int iteration) {
        for (int i = 0; i < losses.length; i++) {
            if (!Double.isFinite(losses[i])) {
                throw new ArithmeticException("loss of task '" + taskNames.get(i) + "' is " + losses[i]
                        + " at iteration " + iteration + ": training diverged; the parameters were not updated");
            }
        }
        return TaskLosses.of(losses);
    }

    @Override
    public final TaskLosses evaluate(B batch) {
        checkBatch(batch);
        return finite(evaluateLosses(batch), iteration());
    }

    @Override
    public final void endEpoch(TaskLosses epochMeanLosses) {
        if (epochMeanLosses == null) {
            throw new IllegalArgumentException("epochMeanLosses must not be null");
        }
        epochMeanLosses.requireSize(numTasks());
        combiner.endEpoch(epochMeanLosses);
        advanceEpoch();
    }

    @Override
    public final List<String> taskNames() {
        return taskNames;
    }

    @Override
    public final GradientCombiner combiner() {
        return combiner;
    }

    @Override
    public final ExecutionPath executionPath() {
        return path;
    }

    @Override
    public final TrainingCheckpoint checkpoint() {
        return new TrainingCheckpoint(iteration(), epoch(), parameters().toDoubleVector(),
                values(updaterState()), combiner.snapshot(), values(learnableState()));
    }

    private static double[] values(INDArray state) {
        return state == null ? new double[0] : state.toDoubleVector();
    }

    /** The state of the updater of the learnable weighting's parameters, or null when there is none. */
    private INDArray learnableState() {
        return learnableUpdater == null ? null : learnableUpdater.state();
    }

    @Override
    public final void restore(TrainingCheckpoint checkpoint) {
        if (checkpoint == null) {
            throw new IllegalArgumentException("checkpoint must not be null");
        }
        INDArray params = parameters();
        INDArray state = updaterState();
        INDArray weightingState = learnableState();
        long stateSize = state == null ? 0 : state.length();
        long weightingStateSize = weightingState == null ? 0 : weightingState.length();
        double[] savedWeightingState = checkpoint.weightingUpdaterState();
        if (checkpoint.numParameters() != params.length() || checkpoint.updaterStateSize() != stateSize
                || savedWeightingState.length != weightingStateSize) {
            throw new IllegalArgumentException("checkpoint has " + checkpoint.numParameters() + " parameters, "
                    + checkpoint.updaterStateSize() + " updater values and " + savedWeightingState.length
                    + " values of the learnable weighting's updater; this step has " + params.length() + ", "
                    + stateSize + " and " + weightingStateSize);
        }
        combiner.restore(checkpoint.combinerState()); // first: a foreign state fails before anything changes
        assign(params, checkpoint.parameters());
        if (state != null) {
            assign(state, checkpoint.updaterState());
        }
        if (weightingState != null) {
            assign(weightingState, savedWeightingState);
        }
        setCounters(checkpoint.iteration(), checkpoint.epoch());
    }

    private static void assign(INDArray target, double[] values) {
        target.assign(Nd4j.createFromArray(values).castTo(target.dataType()).reshape(target.shape()));
    }

    /** The Jacobian buffer of the per-task path (null on the weighted-loss path). */
    protected final TaskGradients jacobian() {
        return jacobian;
    }

    /**
     * Checks a batch before anything runs.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    protected abstract void checkBatch(B batch);

    /** Called before the passes of a step (after {@link #checkBatch}). */
    protected void beginStep(B batch) {
    }

    /** Called after a step, also when it failed. */
    protected void endStep() {
    }

    /** The K losses of a forward pass, for a loss weighting that needs them before the weighted backward pass. */
    protected abstract double[] forwardLosses(B batch);

    /** The K losses in inference mode. */
    protected abstract double[] evaluateLosses(B batch);

    /**
     * One backward pass of Σ wᵢ Lᵢ: writes the gradient of every trained parameter (heads get wᵢ∇Lᵢ).
     *
     * @return the K unweighted losses of this pass
     */
    protected abstract double[] weightedPass(B batch, double[] weights);

    /**
     * One pass for task {@code task}: writes ∇Lᵢ of the shared parameters into row {@code task} of
     * {@code jacobian} and ∇Lᵢ of the task's heads into the gradient buffer.
     *
     * @return the task's loss
     */
    protected abstract double taskPass(B batch, int task, TaskGradients jacobian);

    /**
     * After {@link #weightedPass}: d = Σ wᵢ∇Lᵢ of the shared parameters (P elements, in the Jacobian's column order
     * and scale), for the listeners of a wrapped loss weighting; called only when the combiner is wrapped. It may
     * be a view of the gradient buffer, valid until the update.
     */
    protected abstract INDArray weightedDirection();

    /** Where the combiner writes the shared parameters' direction (P elements). */
    protected abstract INDArray directionBuffer();

    /** Called once the direction is in {@link #directionBuffer()} (an adapter may move or scale it). */
    protected void directionWritten() {
    }

    /** Multiplies task {@code task}'s head gradients by {@code factor}. */
    protected abstract void scaleHeadGradients(int task, double factor);

    /** Applies the updater to the gradient buffer and updates the parameters; advances the iteration count. */
    protected abstract void applyUpdate();

    /** Every trained parameter, as one array (checkpointed and restored element by element). */
    protected abstract INDArray parameters();

    /** The updater's state array, or null when the updater has none. */
    protected abstract INDArray updaterState();

    /** Advances the epoch count by one. */
    protected abstract void advanceEpoch();

    /** Sets the iteration and epoch counts (restoring a checkpoint). */
    protected abstract void setCounters(int iteration, int epoch);
}
