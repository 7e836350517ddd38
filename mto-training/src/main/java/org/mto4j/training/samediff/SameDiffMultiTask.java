package org.mto4j.training.samediff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.training.AbstractMultiTaskStep;
import org.mto4j.training.ExecutionPath;
import org.mto4j.training.FlatParameters;
import org.mto4j.training.FlatUpdater;
import org.mto4j.training.TaskLayout;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-task training of a SameDiff graph with any combiner: per-task gradients (or one weighted-loss gradient),
 * the combination, and one ND4J updater step over every trained variable.
 * <pre>
 *   MultiTaskStep&lt;Map&lt;String, INDArray&gt;&gt; step = SameDiffMultiTask.builder(sd)
 *       .sharedVariables("w0", "b0")
 *       .task("left", "loss_left", "head_left_w", "head_left_b")
 *       .task("right", "loss_right", "head_right_w", "head_right_b")
 *       .combiner(Combiners.create("upgrad", Map.of()))
 *       .updater(new Adam(1e-3))
 *       .build();
 *   StepReport r = step.fit(Map.of("x", x, "y_left", yl, "y_right", yr));   // placeholder values
 * </pre>
 *
 * <p><b>What {@code build()} does to the graph.</b> Every trained variable of {@code sd} becomes a view of one
 * flat parameter buffer ({@link FlatParameters}: shared variables first, then each task's heads), so
 * {@code sd.output(...)} always sees the trained values. SameDiff's default array holder copies a view it is given
 * (silently disconnecting the variable from the buffer), so {@code sd} gets the single-thread array holder that
 * SameDiff's own gradient function uses: run inference on {@code sd} from one thread at a time. Nothing else in
 * {@code sd} changes; the training graphs are copies ({@code sd.dup()}) whose variables are views of the same
 * buffer:
 * <ul>
 *   <li>{@link ExecutionPath#PER_TASK_GRADIENTS} (Gram and full-Jacobian methods): K copies, copy i with loss Lᵢ
 *   and its gradient function built once. A step runs each once: K forward and backward passes. (Switching one
 *   graph's loss variable instead rebuilds its gradient function at every call.) Row i of J gets ∇Lᵢ of the
 *   shared variables, the heads of task i get ∇Lᵢ; the combiner writes d straight into the flat gradient.</li>
 *   <li>{@link ExecutionPath#WEIGHTED_LOSS} (loss weightings: static, sum, mean, rlw, ...): one copy whose loss is
 *   Σ wᵢ Lᵢ with the weights fed through a placeholder; one forward and backward pass per step. SameDiff's
 *   {@code sd.loss.*} ops ignore the gradient that comes from above, so a plain {@code w0*L0 + w1*L1} would train
 *   as if every weight were 1; the copy scales by wᵢ what each loss op sends back to its inputs instead
 *   (one multiply in the gradient function), so the step is Σ wᵢ∇Lᵢ for losses built from loss ops, from basic
 *   ops, or from both. Weightings that need the losses get them
 *   from an inference-mode forward pass ({@code sd.output}) before the backward pass.</li>
 * </ul>
 * SameDiff prints a line per op while it builds a gradient function; {@code build()} keeps those lines out of
 * standard output. {@code sd.fit()} is never used: its training session applies the updater to each variable
 * as soon as that variable's gradient appears, which leaves no point at which a combiner could see all K gradients.
 * The update here is the one {@code sd.fit()} makes (same updater, regularization, iteration and epoch counts;
 * see {@link FlatUpdater}).
 * A learnable weighting's own parameters (the log-scales of {@code uw}, {@code imtl-l}, {@code imtl}) are
 * trained at every step by the same updater configuration, or by {@link Builder#weightingUpdater}'s.
 *
 * <p><b>Validation.</b> {@code build()} rejects, with an {@link IllegalArgumentException} naming the variable or
 * task, before anything is changed: unknown variables, placeholders or constants listed as trainable, a head under
 * two tasks, a variable both shared and a head, a head that feeds another task's loss, a trainable variable that
 * feeds a loss but is neither shared nor a head (make it a constant to freeze it), parameters that are not all
 * FLOAT or all DOUBLE, and a combiner that cannot weigh K tasks. A loss that is not a scalar, or a batch without a
 * placeholder a loss needs, is an IAE at the first step, before any update.
 *
 * <p>Not thread-safe; several steps, each over its own SameDiff instance, may train concurrently.
 *
 * @since 0.1.0
 */
public final class SameDiffMultiTask extends AbstractMultiTaskStep<Map<String, INDArray>> {

    private static final Logger LOG = LoggerFactory.getLogger(SameDiffMultiTask.class);

    private final SameDiff sd;
    private final List<String> lossNames;
    private final List<Set<String>> taskPlaceholders;
    private final FlatParameters flat;
    private final FlatUpdater updater;
    private final INDArray direction;
    private final List<String> trainedNames;
    private final SameDiff[] taskGraphs;
    private final List<List<String>> taskGradientNames;
    private final INDArray[][] jacobianViews;
    private final SameDiff weightedGraph;
    private final List<String> weightNames;
    private final INDArray[] weights;
    private int iteration;
    private int epoch;

    private SameDiffMultiTask(Spec spec) {
        super(spec.taskNames, spec.combiner, spec.path, spec.dataType, spec.numShared(), spec.weightingUpdater);
        this.sd = spec.sd;
        this.lossNames = spec.lossNames;
        this.taskPlaceholders = spec.placeholders;
        int k = spec.taskNames.size();
        FlatParameters.Builder layout = FlatParameters.builder(spec.dataType, k);
        for (String s : spec.shared) {
            layout.shared(s, sd.getArrForVarName(s).shape());
        }
        for (int t = 0; t < k; t++) {
            for (String h : spec.heads.get(t)) {
                layout.head(t, h, sd.getArrForVarName(h).shape());
            }
        }
        this.flat = layout.build();
        this.trainedNames = flat.names();
        for (String name : trainedNames) {
            flat.param(name).assign(sd.getArrForVarName(name));
        }
        this.updater = new FlatUpdater(spec.updater, spec.regularization, flat.numParams(), spec.dataType);
        this.direction = flat.sharedGradient();
        attach(sd);
        if (spec.path == ExecutionPath.PER_TASK_GRADIENTS) {
            this.taskGraphs = new SameDiff[k];
            this.taskGradientNames = new ArrayList<>();
            this.jacobianViews = new INDArray[k][];
            TaskGradients jacobian = jacobian();
            for (int t = 0; t < k; t++) {
                SameDiff g = attach(sd.dup());
                g.setLossVariables(lossNames.get(t));
                QuietGradients.createGradFunction(g);
                taskGraphs[t] = g;
                List<String> names = new ArrayList<>(spec.shared);
                names.addAll(spec.heads.get(t));
                taskGradientNames.add(List.copyOf(names));
                jacobianViews[t] = new INDArray[spec.shared.size()];
                for (int s = 0; s < spec.shared.size(); s++) {
                    jacobianViews[t][s] = flat.jacobianView(jacobian, t, spec.shared.get(s));
                }
            }
            this.weightedGraph = null;
            this.weightNames = null;
            this.weights = null;
        } else {
            this.taskGraphs = null;
            this.taskGradientNames = null;
            this.jacobianViews = null;
            SameDiff g = attach(sd.dup());
            this.weightNames = WeightedLossGraph.build(g, lossNames, spec.dataType);
            this.weightedGraph = g;
            this.weights = new INDArray[k];
            for (int t = 0; t < k; t++) {
                weights[t] = Nd4j.scalar(spec.dataType, 0.0);
            }
        }
        LOG.debug("SameDiff multi-task step: {} tasks {}, {} shared and {} total parameters ({}), {}, combiner {}",
                k, spec.taskNames, flat.numShared(), flat.numParams(), spec.dataType, spec.path,
                spec.combiner.name());
    }

    /** Gives {@code graph} a holder that keeps views attached, and the flat buffer's views as its variables. */
    private SameDiff attach(SameDiff graph) {
        SingleThreadArrayHolder holder = new SingleThreadArrayHolder();
        holder.initFrom(graph.getVariablesArrays());
        graph.setVariablesArrays(holder);
        for (String name : trainedNames) {
            graph.associateArrayWithVariable(flat.param(name), name);
        }
        return graph;
    }

    /** Starts a builder over a user's graph; {@code build()} attaches the graph's variables to a flat buffer. */
    public static Builder builder(SameDiff sd) {
        if (sd == null) {
            throw new IllegalArgumentException("sd must not be null");
        }
        return new Builder(sd);
    }

    @Override
    protected void checkBatch(Map<String, INDArray> batch) {
        if (batch == null) {
            throw new IllegalArgumentException("batch (placeholder values) must not be null");
        }
        for (String key : batch.keySet()) {
            if (!sd.hasVariable(key) || sd.getVariable(key).getVariableType() != VariableType.PLACEHOLDER) {
                throw new IllegalArgumentException("batch has a value for '" + key + "', which is not a placeholder "
                        + "of the graph; its placeholders are " + sd.inputs());
            }
        }
        for (int t = 0; t < lossNames.size(); t++) {
            for (String p : taskPlaceholders.get(t)) {
                if (batch.get(p) == null) {
                    throw new IllegalArgumentException("batch has no value for placeholder '" + p
                            + "', which the loss of task '" + taskNames().get(t) + "' needs; the batch has "
                            + batch.keySet());
                }
            }
        }
    }

    @Override
    protected double[] forwardLosses(Map<String, INDArray> batch) {
        return evaluateLosses(batch);
    }

    @Override
    protected double[] evaluateLosses(Map<String, INDArray> batch) {
        Map<String, INDArray> out = sd.output(batch, lossNames);
        double[] losses = new double[lossNames.size()];
        for (int t = 0; t < losses.length; t++) {
            losses[t] = scalar(out.get(lossNames.get(t)), t);
        }
        return losses;
    }

    @Override
    protected double[] weightedPass(Map<String, INDArray> batch, double[] w) {
        Map<String, INDArray> feed = new HashMap<>(batch);
        for (int t = 0; t < w.length; t++) {
            weights[t].assign(w[t]);
            feed.put(weightNames.get(t), weights[t]);
        }
        OutAndGrad result = weightedGraph.calculateGradientsAndOutputs(feed, lossNames, trainedNames);
        double[] losses = new double[lossNames.size()];
        for (int t = 0; t < losses.length; t++) {
            losses[t] = scalar(result.getOutputs().get(lossNames.get(t)), t);
        }
        Map<String, INDArray> grads = result.getGradients();
        for (String name : trainedNames) {
            copyOrZero(grads.get(name), flat.gradient(name));
        }
        return losses;
    }

    @Override
    protected double taskPass(Map<String, INDArray> batch, int task, TaskGradients jacobian) {
        String loss = lossNames.get(task);
        OutAndGrad result = taskGraphs[task].calculateGradientsAndOutputs(batch, List.of(loss),
                taskGradientNames.get(task));
        double value = scalar(result.getOutputs().get(loss), task);
        Map<String, INDArray> grads = result.getGradients();
        List<String> shared = flat.sharedNames();
        for (int s = 0; s < shared.size(); s++) {
            copyOrZero(grads.get(shared.get(s)), jacobianViews[task][s]);
        }
        for (String head : flat.headNames(task)) {
            copyOrZero(grads.get(head), flat.gradient(head));
        }
        return value;
    }

    /** A variable without a floating-point path to the loss gets no gradient from SameDiff: its gradient is 0. */
    private static void copyOrZero(INDArray gradient, INDArray target) {
        if (gradient == null) {
            target.assign(0);
        } else {
            target.assign(gradient);
        }
    }

    private double scalar(INDArray loss, int task) {
        if (loss == null || loss.length() != 1) {
            throw new IllegalArgumentException("loss variable '" + lossNames.get(task) + "' of task '"
                    + taskNames().get(task) + "' must be a scalar, got "
                    + (loss == null ? "no value" : "shape " + Arrays.toString(loss.shape())));
        }
        return loss.getDouble(0);
    }

    @Override
    protected INDArray weightedDirection() {
        return direction; // the shared block of the gradient buffer, Σ wᵢ∇Lᵢ after the weighted pass
    }

    @Override
    protected INDArray directionBuffer() {
        return direction;
    }

    @Override
    protected void scaleHeadGradients(int task, double factor) {
        flat.scaleHeadGradients(task, factor);
    }

    @Override
    protected void applyUpdate() {
        updater.apply(flat.params(), flat.gradients(), iteration, epoch);
        iteration++;
    }

    @Override
    protected INDArray parameters() {
        return flat.params();
    }

    @Override
    protected INDArray updaterState() {
        return updater.state();
    }

    @Override
    protected void advanceEpoch() {
        epoch++;
    }

    @Override
    protected void setCounters(int iteration, int epoch) {
        this.iteration = iteration;
        this.epoch = epoch;
    }

    @Override
    public int iteration() {
        return iteration;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    /** The flat parameter and gradient buffers every trained variable of the graph is a view of. */
    public FlatParameters flatParameters() {
        return flat;
    }

    /** The Jacobian of the last step on the per-task path (K x P, row i = ∇Lᵢ of the shared variables). */
    public TaskGradients lastJacobian() {
        if (jacobian() == null) {
            throw new IllegalStateException("the weighted-loss path forms no Jacobian; build with "
                    + "perTaskGradients(true) to see it");
        }
        return jacobian();
    }

    /** The user's graph (its trained variables are views of {@link #flatParameters()}). */
    public SameDiff sameDiff() {
        return sd;
    }

    /** For tests: the K per-task graphs (null on the weighted-loss path). */
    SameDiff[] taskGraphs() {
        return taskGraphs;
    }

    /** For tests: the weighted-loss graph (null on the per-task path). */
    SameDiff weightedGraph() {
        return weightedGraph;
    }

    /** Everything {@code build()} checked, ready for the constructor. */
    private record Spec(SameDiff sd, List<String> taskNames, List<String> lossNames, List<String> shared,
                        List<List<String>> heads, List<Set<String>> placeholders, GradientCombiner combiner,
                        IUpdater updater, List<Regularization> regularization, IUpdater weightingUpdater,
                        ExecutionPath path, DataType dataType) {
        long numShared() {
            long p = 0;
            for (String s : shared) {
                p += sd.getArrForVarName(s).length();
            }
            return p;
        }
    }

    /**
     * Describes the multi-task problem on a SameDiff graph. Every method returns this builder; {@link #build()}
     * checks everything and attaches the graph.
     */
    public static final class Builder {
        private final SameDiff sd;
        private final Map<String, String> taskLoss = new LinkedHashMap<>();
        private final Map<String, List<String>> taskHeads = new LinkedHashMap<>();
        private List<String> sharedNames;
        private Predicate<String> sharedPredicate;
        private GradientCombiner combiner;
        private IUpdater updater;
        private List<Regularization> regularization = List.of();
        private IUpdater weightingUpdater;
        private boolean perTaskGradients;

        private Builder(SameDiff sd) {
            this.sd = sd;
        }

        /** The shared variables, by name: their gradients are combined across tasks. */
        public Builder sharedVariables(String... names) {
            if (names == null || names.length == 0) {
                throw new IllegalArgumentException("sharedVariables needs at least one name");
            }
            this.sharedNames = List.of(names);
            this.sharedPredicate = null;
            return this;
        }

        /**
         * The shared variables, by a test on their names: every trainable (VARIABLE-type) variable that passes it
         * and is not a task's head, in the graph's order. {@code name -> true} shares everything but the heads.
         */
        public Builder sharedVariables(Predicate<String> predicate) {
            if (predicate == null) {
                throw new IllegalArgumentException("shared-variable predicate must not be null");
            }
            this.sharedPredicate = predicate;
            this.sharedNames = null;
            return this;
        }

        /**
         * Adds a task: its name, the graph variable holding its loss (a scalar), and the trainable variables only
         * its loss depends on (may be none).
         */
        public Builder task(String name, String lossVariable, String... headVariables) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("task name must not be null or empty");
            }
            if (taskLoss.containsKey(name)) {
                throw new IllegalArgumentException("task name '" + name + "' is used twice");
            }
            if (lossVariable == null) {
                throw new IllegalArgumentException("loss variable of task '" + name + "' must not be null");
            }
            taskLoss.put(name, lossVariable);
            taskHeads.put(name, headVariables == null ? List.of() : List.of(headVariables));
            return this;
        }

        /** The combiner (required). Its state is advanced by every step; give each run its own. */
        public Builder combiner(GradientCombiner combiner) {
            this.combiner = combiner;
            return this;
        }

        /** The ND4J updater (required): Adam, Sgd, Nesterovs, ... with any learning-rate schedule. */
        public Builder updater(IUpdater updater) {
            this.updater = updater;
            return this;
        }

        /** Regularization of every trained variable, as in SameDiff's TrainingConfig (L1, L2, WeightDecay). */
        public Builder regularization(Regularization... regularization) {
            if (regularization == null) {
                throw new IllegalArgumentException("regularization must not be null");
            }
            this.regularization = Arrays.asList(regularization.clone());
            return this;
        }

        /**
         * The updater of a learnable weighting's own parameters (UW's log-variances, IMTL-L's and IMTL's
         * log-scales, and FAMO's or GradNorm's with their {@code lr} = 0): they are trained at every step, after
         * the model, by this updater on the method's own gradient, with the step's iteration and epoch counts and
         * no regularization. Default: the model's {@link #updater(IUpdater) updater} configuration, as the papers
         * and LibMTL train them jointly with the network by the same optimizer. A method whose own learning rate
         * is &gt; 0 trains them with its built-in optimizer instead, and this updater is not used.
         */
        public Builder weightingUpdater(IUpdater weightingUpdater) {
            if (weightingUpdater == null) {
                throw new IllegalArgumentException("weightingUpdater must not be null");
            }
            this.weightingUpdater = weightingUpdater;
            return this;
        }

        /**
         * Forces K per-task passes even for a loss weighting (default false: a loss weighting takes one weighted
         * backward pass). The step is the same; it costs K passes and fills the Jacobian, for inspection.
         */
        public Builder perTaskGradients(boolean perTaskGradients) {
            this.perTaskGradients = perTaskGradients;
            return this;
        }

        /**
         * Checks the description against the graph and builds the step.
         *
         * @throws IllegalArgumentException naming the variable, task or setting at fault; the graph is unchanged
         */
        public SameDiffMultiTask build() {
            return new SameDiffMultiTask(validate());
        }

        private Spec validate() {
            if (taskLoss.isEmpty()) {
                throw new IllegalArgumentException("at least one task is needed: .task(name, lossVariable, "
                        + "headVariables...)");
            }
            if (sharedNames == null && sharedPredicate == null) {
                throw new IllegalArgumentException("shared variables must be set: .sharedVariables(names...) or "
                        + ".sharedVariables(predicate)");
            }
            if (combiner == null) {
                throw new IllegalArgumentException("combiner must be set, e.g. .combiner(Combiners.create(\"upgrad\","
                        + " Map.of()))");
            }
            if (updater == null) {
                throw new IllegalArgumentException("updater must be set, e.g. .updater(new Adam(1e-3))");
            }
            for (int i = 0; i < regularization.size(); i++) {
                if (regularization.get(i) == null) {
                    throw new IllegalArgumentException("regularization[" + i + "] must not be null");
                }
            }
            List<String> taskNames = new ArrayList<>(taskLoss.keySet());
            List<String> lossNames = new ArrayList<>(taskLoss.values());
            List<List<String>> heads = new ArrayList<>();
            for (String task : taskNames) {
                for (String h : taskHeads.get(task)) {
                    requireTrainable(h, "head variable", "of task '" + task + "' ");
                }
                heads.add(List.copyOf(taskHeads.get(task)));
            }
            if (sharedNames != null) {
                for (String s : sharedNames) {
                    requireTrainable(s, "shared variable", "");
                }
            }
            List<Set<String>> placeholders = new ArrayList<>();
            List<Set<String>> reach = new ArrayList<>();
            for (int t = 0; t < taskNames.size(); t++) {
                String task = taskNames.get(t);
                String loss = lossNames.get(t);
                if (!sd.hasVariable(loss)) {
                    throw new IllegalArgumentException("loss variable '" + loss + "' of task '" + task
                            + "' does not exist in the graph");
                }
                SDVariable v = sd.getVariable(loss);
                if (v.getVariableType() != VariableType.ARRAY) {
                    throw new IllegalArgumentException("loss variable '" + loss + "' of task '" + task + "' is a "
                            + v.getVariableType() + "; a loss must be computed by the graph (an ARRAY variable)");
                }
                Set<String> ancestors = GraphAnalysis.ancestorVariables(sd, loss);
                reach.add(ancestors);
                Set<String> needed = new LinkedHashSet<>();
                for (String a : ancestors) {
                    if (sd.getVariable(a).getVariableType() == VariableType.PLACEHOLDER) {
                        needed.add(a);
                    }
                }
                placeholders.add(needed);
            }
            List<String> shared = TaskLayout.check("variable", taskNames, heads, sharedNames, sharedPredicate,
                    trainableNames(), reach).shared();
            DataType dataType = checkTypes(shared, heads);
            for (int t = 0; t < taskNames.size(); t++) {
                DataType lossType = sd.getVariable(lossNames.get(t)).dataType();
                if (lossType != dataType) {
                    throw new IllegalArgumentException("loss variable '" + lossNames.get(t) + "' of task '"
                            + taskNames.get(t) + "' is " + lossType + " but the parameters are " + dataType);
                }
            }
            warnAboutOpsAfterLossOps(taskNames, lossNames);
            ExecutionPath path = perTaskGradients ? ExecutionPath.PER_TASK_GRADIENTS : ExecutionPath.of(combiner);
            return new Spec(sd, taskNames, lossNames, shared, heads, placeholders, combiner, updater,
                    List.copyOf(regularization), weightingUpdater != null ? weightingUpdater : updater, path,
                    dataType);
        }

        private void requireTrainable(String name, String role, String where) {
            if (name == null || !sd.hasVariable(name)) {
                throw new IllegalArgumentException(role + " '" + name + "' " + where
                        + "does not exist in the graph; trainable variables are " + trainableNames());
            }
            VariableType type = sd.getVariable(name).getVariableType();
            if (type != VariableType.VARIABLE) {
                throw new IllegalArgumentException(role + " '" + name + "' " + where + "is a " + type
                        + ", not a trainable VARIABLE");
            }
            if (sd.getArrForVarName(name) == null) {
                throw new IllegalArgumentException(role + " '" + name + "' " + where + "has no array");
            }
        }

        private List<String> trainableNames() {
            List<String> names = new ArrayList<>();
            for (SDVariable v : sd.variables()) {
                if (v.getVariableType() == VariableType.VARIABLE) {
                    names.add(v.name());
                }
            }
            return names;
        }

        private DataType checkTypes(List<String> shared, List<List<String>> heads) {
            List<String> all = new ArrayList<>(shared);
            heads.forEach(all::addAll);
            DataType type = null;
            String first = null;
            for (String name : all) {
                DataType t = sd.getVariable(name).dataType();
                if (t != DataType.FLOAT && t != DataType.DOUBLE) {
                    throw new IllegalArgumentException("variable '" + name + "' has data type " + t
                            + "; mto-training trains FLOAT or DOUBLE parameters");
                }
                if (type == null) {
                    type = t;
                    first = name;
                } else if (t != type) {
                    throw new IllegalArgumentException("trained variables must all have one data type: '" + first
                            + "' is " + type + " and '" + name + "' is " + t);
                }
            }
            return type;
        }

        /** SameDiff drops the gradient of ops applied after a loss op; a user should know (once, at build). */
        private void warnAboutOpsAfterLossOps(List<String> taskNames, List<String> lossNames) {
            for (Map.Entry<String, Set<Integer>> e : WeightedLossGraph.lossOps(sd, lossNames).entrySet()) {
                for (String out : sd.getOps().get(e.getKey()).getOutputsOfOp()) {
                    for (int t : e.getValue()) {
                        if (!out.equals(lossNames.get(t))) {
                            LOG.warn("task '{}': SameDiff loss op '{}' feeds the loss '{}' through further ops, "
                                    + "whose gradient SameDiff ignores (its loss ops do not use the incoming "
                                    + "gradient); the task trains on '{}' as if it were the loss",
                                    taskNames.get(t), e.getKey(), lossNames.get(t), out);
                        }
                    }
                }
            }
        }
    }
}
