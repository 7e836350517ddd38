package org.mto4j.training.dl4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.training.AbstractMultiTaskStep;
import org.mto4j.training.ExecutionPath;
import org.mto4j.training.TaskLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-task training of a DL4J {@link ComputationGraph} with one output layer per task and any combiner; the
 * graph's own updater (with its gradient clipping or normalisation, regularization and schedules) makes the update.
 * <pre>
 *   MultiTaskStep&lt;MultiDataSet&gt; step = ComputationGraphMultiTask.builder(graph)
 *       .sharedLayers("trunk1", "trunk2")
 *       .task("left", "out_left")                  // the output layer, plus any other layers only it uses
 *       .task("right", "out_right", "right_hidden")
 *       .combiner(Combiners.create("upgrad", Map.of()))
 *       .build();
 *   StepReport r = step.fit(multiDataSet);         // features, one label array per output (in output order)
 * </pre>
 *
 * <p><b>Per-task gradients</b> ({@link ExecutionPath#PER_TASK_GRADIENTS}): DL4J has one backward pass for all
 * outputs, so task i's gradient is a full forward and backward pass with the label masks of every other output set
 * to 0 (its own output keeps the batch's mask). After pass i the shared layers' slices of the graph's gradient view
 * are copied into row i of J, and task i's head slices are kept. DL4J's raw gradients are sums over the batch (its
 * updater divides by the batch size), so the rows are divided by the batch size on the way in: J holds the
 * gradients of the mean losses that {@code graph.score()} reports, and the combiner sees the same numbers it would
 * see from SameDiff. The direction, multiplied back by the batch size, and the heads' gradients are written into
 * the gradient view, and the graph's updater runs as in {@code graph.fit()}.
 *
 * <p><b>Weighted loss</b> ({@link ExecutionPath#WEIGHTED_LOSS}): one pass in which each output layer's loss
 * function is, for that pass only, its loss times its task's weight wᵢ, so the gradient is that of Σ wᵢ Lᵢ. (Label
 * masks cannot carry weights: DL4J multiplies the output layer's pre-activations by the mask too, so a mask of
 * 0.2 changes the predictions; 0/1 masks, as above, are exact.) The output layers get private copies of their
 * configurations at {@code build()} so that no other graph built from the same configuration is touched. With all
 * weights 1 (the {@code sum} combiner) nothing is replaced and the pass is exactly {@code graph.fit()}'s. A
 * weighting that needs the losses, or a weight of exactly 0, costs one extra forward pass
 * ({@code graph.score(batch, true)}) for the losses.
 *
 * <p><b>The update</b> is {@code graph.fit()}'s: the graph's {@code ComputationGraphUpdater} (gradient
 * normalisation, division by the batch size, regularization, the updater, all per layer as configured) applied to
 * the graph's gradient view with the graph's iteration and epoch counts, the parameters reduced by the result
 * (DL4J's {@code params()} is rank 1 while the gradient view is [1, N]; both are handled), the iteration count
 * advanced and the layers' constraints applied. A learnable weighting's own parameters (the log-scales of
 * {@code uw}, {@code imtl-l}, {@code imtl}) are then trained by the first shared layer's updater configuration, or
 * by {@link Builder#weightingUpdater}'s. The graph's training listeners are not called; the
 * {@link org.mto4j.training.StepReport} has the losses. With dropout, each of the K passes draws its own masks.
 *
 * <p><b>Validation</b> at {@code build()}: unknown layers or outputs, a graph output that is no task's, a head
 * under two tasks, a layer both shared and a head, a head that feeds another task's output, a layer with
 * parameters that is neither shared nor a head (frozen layers excepted), BatchNormalization in the shared layers
 * (its running statistics travel through the gradient view, which a combiner would mix), parameters that are not
 * FLOAT or DOUBLE, an output layer whose loss cannot be weighted (on the weighted-loss path), truncated BPTT, and a
 * combiner that cannot weigh K tasks: each an {@link IllegalArgumentException} naming it.
 *
 * <p>{@code deeplearning4j-nn} is an optional dependency of mto-training: add it to use this class. Not
 * thread-safe; several steps, each over its own graph, may train concurrently.
 *
 * @since 0.1.0
 */
public final class ComputationGraphMultiTask extends AbstractMultiTaskStep<MultiDataSet> {

    private static final Logger LOG = LoggerFactory.getLogger(ComputationGraphMultiTask.class);

    /** A run of parameters: {@code length} values from {@code offset} of the gradient view, {@code at} elsewhere. */
    private record Segment(long offset, long length, long at) {
    }

    private final ComputationGraph graph;
    private final List<String> outputs;
    private final int[] outputOfTask;
    private final List<Segment> shared;
    private final List<String> sharedLayerNames;
    private final List<List<Segment>> heads;
    private final INDArray gradient;
    private final INDArray direction;
    private final boolean directionInView;
    private final INDArray headBuffer;
    private INDArray listenedDirection; // the weighted path's d for a wrapped combiner's listeners, made when needed
    private final org.deeplearning4j.nn.conf.layers.Layer[] outputConfs;
    private final ILossFunction[] outputLosses;
    private MultiDataSet batch;
    private double regularizationScore;
    private double batchScale;

    private ComputationGraphMultiTask(Spec spec) {
        super(spec.taskNames, spec.combiner, spec.path, spec.dataType, length(spec.shared), spec.weightingUpdater);
        this.graph = spec.graph;
        this.outputs = spec.outputs;
        this.outputOfTask = spec.outputOfTask;
        this.shared = spec.shared;
        this.sharedLayerNames = spec.sharedNames;
        this.heads = spec.heads;
        this.gradient = graph.getGradientsViewArray().reshape(graph.numParams());
        this.outputConfs = new org.deeplearning4j.nn.conf.layers.Layer[outputs.size()];
        this.outputLosses = new ILossFunction[outputs.size()];
        long p = length(shared);
        this.directionInView = shared.get(shared.size() - 1).offset + shared.get(shared.size() - 1).length
                - shared.get(0).offset == p;
        if (spec.path == ExecutionPath.PER_TASK_GRADIENTS) {
            this.direction = directionInView ? slice(gradient, shared.get(0).offset, p)
                    : Nd4j.create(spec.dataType, p);
            long headLength = 0;
            for (List<Segment> h : heads) {
                headLength += length(h);
            }
            this.headBuffer = headLength == 0 ? null : Nd4j.create(spec.dataType, headLength);
        } else {
            this.direction = null;
            this.headBuffer = null;
            // Each output layer gets its own copy of its configuration, so that scaling its loss during a pass
            // never touches a configuration another graph built from the same one may share.
            for (int o = 0; o < outputs.size(); o++) {
                Layer layer = graph.getOutputLayer(o);
                layer.setConf(layer.conf().clone());
                outputConfs[o] = layer.conf().getLayer();
                outputLosses[o] = OutputLoss.get(outputConfs[o]);
            }
        }
        LOG.debug("ComputationGraph multi-task step: tasks {} on outputs {}, {} shared of {} parameters ({}), {}, "
                + "combiner {}", spec.taskNames, outputs, p, graph.numParams(), spec.dataType, spec.path,
                spec.combiner.name());
    }

    private static long length(List<Segment> segments) {
        long n = 0;
        for (Segment s : segments) {
            n += s.length;
        }
        return n;
    }

    private static INDArray slice(INDArray vector, long offset, long length) {
        return vector.get(NDArrayIndex.interval(offset, offset + length));
    }

    /** Starts a builder over an initialised or uninitialised graph ({@code build()} calls {@code init()}). */
    public static Builder builder(ComputationGraph graph) {
        if (graph == null) {
            throw new IllegalArgumentException("graph must not be null");
        }
        return new Builder(graph);
    }

    @Override
    protected void checkBatch(MultiDataSet batch) {
        if (batch == null) {
            throw new IllegalArgumentException("batch must not be null");
        }
        int inputs = graph.getConfiguration().getNetworkInputs().size();
        if (batch.numFeatureArrays() != inputs) {
            throw new IllegalArgumentException("batch has " + batch.numFeatureArrays() + " feature arrays; the graph "
                    + "has " + inputs + " inputs " + graph.getConfiguration().getNetworkInputs());
        }
        if (batch.numLabelsArrays() != outputs.size()) {
            throw new IllegalArgumentException("batch has " + batch.numLabelsArrays() + " label arrays; the graph "
                    + "has " + outputs.size() + " outputs " + outputs + " (one label array each, in this order)");
        }
    }

    @Override
    protected void beginStep(MultiDataSet batch) {
        this.batch = batch;
        graph.setInputs(batch.getFeatures());
        graph.setLabels(batch.getLabels());
        regularizationScore = graph.calcRegularizationScore(true);
        batchScale = graph.conf().isMiniBatch() ? graph.batchSize() : 1.0;
    }

    @Override
    protected void endStep() {
        graph.clearLayerMaskArrays();
        graph.clearLayersStates();
        this.batch = null;
    }

    @Override
    protected double[] forwardLosses(MultiDataSet batch) {
        graph.score(batch, true);
        return outputScores(null);
    }

    @Override
    protected double[] evaluateLosses(MultiDataSet batch) {
        graph.score(batch, false);
        return outputScores(null);
    }

    /**
     * The K losses from the output layers' scores after a pass: DL4J adds the regularization score to the first
     * output's; a loss scaled by wᵢ scales the score by wᵢ.
     */
    private double[] outputScores(double[] lossScales) {
        double r = graph.calcRegularizationScore(true);
        double[] losses = new double[outputOfTask.length];
        for (int t = 0; t < losses.length; t++) {
            int o = outputOfTask[t];
            double score = graph.getOutputLayer(o).score() - (o == 0 ? r : 0.0);
            losses[t] = lossScales == null ? score : score / lossScales[o];
        }
        return losses;
    }

    @Override
    protected double[] weightedPass(MultiDataSet batch, double[] weights) {
        double[] scales = new double[outputs.size()];
        boolean zeroWeight = false;
        for (int t = 0; t < weights.length; t++) {
            scales[outputOfTask[t]] = weights[t];
            zeroWeight |= weights[t] == 0.0;
        }
        double[] losses = zeroWeight ? forwardLosses(batch) : null;
        graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
        for (int o = 0; o < scales.length; o++) {
            if (scales[o] != 1.0) {
                OutputLoss.set(outputConfs[o], new ScaledLoss(outputLosses[o], scales[o]));
            }
        }
        try {
            graph.computeGradientAndScore();
        } finally {
            for (int o = 0; o < scales.length; o++) {
                OutputLoss.set(outputConfs[o], outputLosses[o]);
            }
        }
        return losses != null ? losses : outputScores(scales);
    }

    /** The batch's label masks with every output's but {@code task}'s set to 0: a pass then sees task's loss only. */
    private INDArray[] taskMasks(int task) {
        INDArray[] given = batch.getLabelsMaskArrays();
        INDArray[] masks = new INDArray[outputs.size()];
        for (int o = 0; o < masks.length; o++) {
            masks[o] = o == outputOfTask[task] ? (given == null ? null : given[o]) : zeroMask(o);
        }
        return masks;
    }

    /** A mask of zeros for every example (and time step) of output o's labels. */
    private INDArray zeroMask(int o) {
        INDArray labels = batch.getLabels(o);
        long[] shape;
        if (labels.rank() == 2) {
            shape = new long[] {labels.size(0), 1};
        } else if (labels.rank() == 3) {
            shape = new long[] {labels.size(0), labels.size(2)};
        } else {
            throw new IllegalArgumentException("labels of output '" + outputs.get(o) + "' have shape "
                    + Arrays.toString(labels.shape()) + "; per-task gradients need rank 2 [batch, n] or rank 3 "
                    + "[batch, n, time] labels (their masks select the task)");
        }
        return Nd4j.zeros(labels.dataType(), shape);
    }

    @Override
    protected double taskPass(MultiDataSet batch, int task, TaskGradients jacobian) {
        graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), taskMasks(task));
        graph.computeGradientAndScore();
        double loss = graph.score() - regularizationScore;
        INDArray row = jacobian.row(task);
        for (Segment s : shared) {
            slice(gradient, s.offset, s.length).div(batchScale, slice(row, s.at, s.length));
        }
        for (Segment s : heads.get(task)) {
            slice(headBuffer, s.at, s.length).assign(slice(gradient, s.offset, s.length));
        }
        return loss;
    }

    /** d of the mean losses, as on the per-task path: DL4J's gradients are sums over the batch. */
    @Override
    protected INDArray weightedDirection() {
        if (listenedDirection == null) {
            listenedDirection = Nd4j.create(gradient.dataType(), length(shared));
        }
        for (Segment s : shared) {
            slice(gradient, s.offset, s.length).div(batchScale, slice(listenedDirection, s.at, s.length));
        }
        return listenedDirection;
    }

    @Override
    protected INDArray directionBuffer() {
        return direction;
    }

    @Override
    protected void directionWritten() {
        if (directionInView) {
            direction.muli(batchScale);
        } else {
            for (Segment s : shared) {
                slice(direction, s.at, s.length).mul(batchScale, slice(gradient, s.offset, s.length));
            }
        }
        for (List<Segment> taskHeads : heads) {
            for (Segment s : taskHeads) {
                slice(gradient, s.offset, s.length).assign(slice(headBuffer, s.at, s.length));
            }
        }
    }

    @Override
    protected void scaleHeadGradients(int task, double factor) {
        if (factor != 1.0) {
            for (Segment s : heads.get(task)) {
                slice(gradient, s.offset, s.length).muli(factor);
            }
        }
    }

    @Override
    protected void applyUpdate() {
        int iteration = graph.getIterationCount();
        int epoch = graph.getEpochCount();
        graph.getUpdater().update(graph.gradient(), iteration, epoch, graph.batchSize(),
                LayerWorkspaceMgr.noWorkspaces());
        graph.params().subi(gradient);
        graph.getConfiguration().setIterationCount(iteration + 1);
        graph.applyConstraints(iteration + 1, epoch);
    }

    @Override
    protected INDArray parameters() {
        return graph.params();
    }

    @Override
    protected INDArray updaterState() {
        return graph.getUpdater().getStateViewArray();
    }

    @Override
    protected void advanceEpoch() {
        graph.incrementEpochCount();
    }

    @Override
    protected void setCounters(int iteration, int epoch) {
        graph.getConfiguration().setIterationCount(iteration);
        graph.getConfiguration().setEpochCount(epoch);
    }

    @Override
    public int iteration() {
        return graph.getIterationCount();
    }

    @Override
    public int epoch() {
        return graph.getEpochCount();
    }

    /** The graph this step trains. */
    public ComputationGraph graph() {
        return graph;
    }

    /** The Jacobian of the last step on the per-task path (K x P, rows are gradients of the mean task losses). */
    public TaskGradients lastJacobian() {
        if (jacobian() == null) {
            throw new IllegalStateException("the weighted-loss path forms no Jacobian; build with "
                    + "perTaskGradients(true) to see it");
        }
        return jacobian();
    }

    /** The names of the shared layers, in the order of the Jacobian's columns. */
    public List<String> sharedLayers() {
        return sharedLayerNames;
    }

    private record Spec(ComputationGraph graph, List<String> taskNames, List<String> outputs, int[] outputOfTask,
                        List<Segment> shared, List<String> sharedNames, List<List<Segment>> heads,
                        GradientCombiner combiner, IUpdater weightingUpdater, ExecutionPath path,
                        DataType dataType) {
    }

    /** Describes the tasks of a graph; {@link #build()} checks everything. */
    public static final class Builder {
        private final ComputationGraph graph;
        private final Map<String, String> taskOutput = new LinkedHashMap<>();
        private final Map<String, List<String>> taskHeads = new LinkedHashMap<>();
        private List<String> sharedNames;
        private Predicate<String> sharedPredicate;
        private GradientCombiner combiner;
        private IUpdater weightingUpdater;
        private boolean perTaskGradients;

        private Builder(ComputationGraph graph) {
            this.graph = graph;
        }

        /** The shared layers, by name: their gradients are combined across tasks. */
        public Builder sharedLayers(String... names) {
            if (names == null || names.length == 0) {
                throw new IllegalArgumentException("sharedLayers needs at least one name");
            }
            this.sharedNames = List.of(names);
            this.sharedPredicate = null;
            return this;
        }

        /**
         * The shared layers, by a test on their names: every layer with parameters that passes it and is not a
         * task's (output or head) layer. {@code name -> true} shares everything but the heads.
         */
        public Builder sharedLayers(Predicate<String> predicate) {
            if (predicate == null) {
                throw new IllegalArgumentException("shared-layer predicate must not be null");
            }
            this.sharedPredicate = predicate;
            this.sharedNames = null;
            return this;
        }

        /**
         * Adds a task: its name, its output layer (one of the graph's outputs), and the other layers only that
         * output depends on (may be none).
         */
        public Builder task(String name, String outputLayer, String... headLayers) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("task name must not be null or empty");
            }
            if (taskOutput.containsKey(name)) {
                throw new IllegalArgumentException("task name '" + name + "' is used twice");
            }
            if (outputLayer == null) {
                throw new IllegalArgumentException("output layer of task '" + name + "' must not be null");
            }
            taskOutput.put(name, outputLayer);
            taskHeads.put(name, headLayers == null ? List.of() : List.of(headLayers));
            return this;
        }

        /** The combiner (required). Its state is advanced by every step; give each run its own. */
        public Builder combiner(GradientCombiner combiner) {
            this.combiner = combiner;
            return this;
        }

        /**
         * The updater of a learnable weighting's own parameters (UW's log-variances, IMTL-L's and IMTL's
         * log-scales, and FAMO's or GradNorm's with their {@code lr} = 0): they are trained at every step, after
         * the graph's update, by this updater on the method's own gradient (of the mean losses that
         * {@code graph.score()} reports), with the graph's iteration and epoch counts, and without the layers'
         * regularization or gradient normalisation. Default: the updater of the first shared layer's first
         * parameter, as the papers and LibMTL train them jointly with the network by the same optimizer. A method
         * whose own learning rate is &gt; 0 trains them with its built-in optimizer instead, and this updater is
         * not used.
         */
        public Builder weightingUpdater(IUpdater weightingUpdater) {
            if (weightingUpdater == null) {
                throw new IllegalArgumentException("weightingUpdater must not be null");
            }
            this.weightingUpdater = weightingUpdater;
            return this;
        }

        /** Forces K per-task passes even for a loss weighting (to see J); default false. */
        public Builder perTaskGradients(boolean perTaskGradients) {
            this.perTaskGradients = perTaskGradients;
            return this;
        }

        /**
         * Checks the description against the graph and builds the step.
         *
         * @throws IllegalArgumentException naming the layer, output, task or setting at fault
         */
        public ComputationGraphMultiTask build() {
            return new ComputationGraphMultiTask(validate());
        }

        private Spec validate() {
            if (taskOutput.isEmpty()) {
                throw new IllegalArgumentException("at least one task is needed: .task(name, outputLayer, "
                        + "headLayers...)");
            }
            if (sharedNames == null && sharedPredicate == null) {
                throw new IllegalArgumentException("shared layers must be set: .sharedLayers(names...) or "
                        + ".sharedLayers(predicate)");
            }
            if (combiner == null) {
                throw new IllegalArgumentException("combiner must be set, e.g. .combiner(Combiners.create(\"upgrad\","
                        + " Map.of()))");
            }
            graph.init();
            if (graph.getConfiguration().getBackpropType() == BackpropType.TruncatedBPTT) {
                throw new IllegalArgumentException("the graph is configured for truncated BPTT, which "
                        + "ComputationGraphMultiTask does not run; use standard backpropagation");
            }
            DataType dataType = graph.params().dataType();
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
                throw new IllegalArgumentException("the graph's parameters have data type " + dataType
                        + "; mto-training trains FLOAT or DOUBLE parameters");
            }
            if (graph.getGradientsViewArray() == null) {
                graph.initGradientsView();
            }
            List<String> outputs = graph.getConfiguration().getNetworkOutputs();
            List<String> taskNames = new ArrayList<>(taskOutput.keySet());
            int[] outputOfTask = new int[taskNames.size()];
            List<List<String>> heads = new ArrayList<>();
            List<Set<String>> reach = new ArrayList<>();
            for (int t = 0; t < taskNames.size(); t++) {
                String task = taskNames.get(t);
                String out = taskOutput.get(task);
                outputOfTask[t] = outputs.indexOf(out);
                if (outputOfTask[t] < 0) {
                    throw new IllegalArgumentException("output layer '" + out + "' of task '" + task
                            + "' is not an output of the graph; its outputs are " + outputs);
                }
                List<String> layers = new ArrayList<>();
                layers.add(out);
                for (String h : taskHeads.get(task)) {
                    requireLayer(h, "head layer", "of task '" + task + "' ");
                    layers.add(h);
                }
                heads.add(List.copyOf(layers));
                reach.add(ancestors(out));
            }
            for (String out : outputs) {
                if (!taskOutput.containsValue(out)) {
                    throw new IllegalArgumentException("output '" + out + "' of the graph belongs to no task; "
                            + "give every output a task");
                }
            }
            Map<String, long[]> ranges = parameterRanges();
            List<String> trainables = new ArrayList<>();
            for (String layer : ranges.keySet()) {
                if (!isFrozen(layer)) {
                    trainables.add(layer);
                }
            }
            if (sharedNames != null) {
                for (String s : sharedNames) {
                    requireLayer(s, "shared layer", "");
                    if (!trainables.contains(s)) {
                        throw new IllegalArgumentException("shared layer '" + s + "' has no trainable parameters");
                    }
                }
            }
            List<String> shared = TaskLayout.check("layer", taskNames, heads, sharedNames, sharedPredicate,
                    trainables, reach).shared();
            for (String s : shared) {
                if (graph.getLayer(s).conf().getLayer() instanceof BatchNormalization) {
                    throw new IllegalArgumentException("shared layer '" + s + "' is a BatchNormalization: its "
                            + "running statistics travel through the gradient view, which a combiner would mix "
                            + "across tasks; put batch normalisation in the heads or leave it out");
                }
            }
            List<Segment> sharedSegments = segments(shared, ranges);
            List<List<Segment>> headSegments = new ArrayList<>();
            long at = 0;
            for (List<String> layers : heads) {
                List<Segment> segs = new ArrayList<>();
                for (String layer : layers) {
                    long[] r = ranges.get(layer);
                    if (r != null) {
                        segs.add(new Segment(r[0], r[1], at));
                        at += r[1];
                    }
                }
                headSegments.add(List.copyOf(segs));
            }
            ExecutionPath path = perTaskGradients ? ExecutionPath.PER_TASK_GRADIENTS : ExecutionPath.of(combiner);
            if (path == ExecutionPath.WEIGHTED_LOSS) {
                for (String out : outputs) {
                    org.deeplearning4j.nn.conf.layers.Layer conf = graph.getLayer(out).conf().getLayer();
                    if (!OutputLoss.supports(conf)) {
                        throw new IllegalArgumentException("output '" + out + "' is a "
                                + conf.getClass().getSimpleName() + ", whose loss the weighted-loss path cannot "
                                + "weight (supported: " + OutputLoss.SUPPORTED + "); use perTaskGradients(true)");
                    }
                }
            }
            List<String> sharedInViewOrder = new ArrayList<>(shared);
            sharedInViewOrder.sort((a, b) -> Long.compare(ranges.get(a)[0], ranges.get(b)[0]));
            return new Spec(graph, taskNames, List.copyOf(outputs), outputOfTask, sharedSegments,
                    List.copyOf(sharedInViewOrder), headSegments, combiner,
                    weightingUpdater != null ? weightingUpdater : firstUpdater(sharedInViewOrder.get(0)), path,
                    dataType);
        }

        /** The updater of a layer's first parameter, as its configuration (or the graph's default) sets it. */
        private IUpdater firstUpdater(String layer) {
            Layer l = graph.getLayer(layer);
            String param = l.paramTable().keySet().iterator().next();
            return l.conf().getLayer().getUpdaterByParam(param);
        }

        private void requireLayer(String name, String role, String where) {
            GraphVertex v = name == null ? null : graph.getVertex(name);
            if (v == null) {
                throw new IllegalArgumentException(role + " '" + name + "' " + where + "does not exist in the "
                        + "graph; its layers are " + layerNames());
            }
            if (!v.hasLayer()) {
                throw new IllegalArgumentException(role + " '" + name + "' " + where + "is a "
                        + v.getClass().getSimpleName() + " vertex, not a layer");
            }
        }

        private List<String> layerNames() {
            List<String> names = new ArrayList<>();
            for (GraphVertex v : graph.getVertices()) {
                if (v.hasLayer()) {
                    names.add(v.getVertexName());
                }
            }
            return names;
        }

        /** Each layer with parameters: {offset, length} in the flat parameter and gradient views. */
        private Map<String, long[]> parameterRanges() {
            Map<String, long[]> ranges = new LinkedHashMap<>();
            GraphVertex[] vertices = graph.getVertices();
            long offset = 0;
            for (int i : graph.topologicalSortOrder()) {
                if (!vertices[i].hasLayer()) {
                    continue;
                }
                long n = vertices[i].getLayer().numParams();
                if (n > 0) {
                    ranges.put(vertices[i].getVertexName(), new long[] {offset, n});
                    offset += n;
                }
            }
            if (offset != graph.numParams()) {
                throw new IllegalStateException("layer parameter ranges cover " + offset + " of the graph's "
                        + graph.numParams() + " parameters; please report this");
            }
            return ranges;
        }

        private boolean isFrozen(String layer) {
            Layer l = graph.getLayer(layer);
            return l instanceof FrozenLayer || l instanceof FrozenLayerWithBackprop;
        }

        /** Every vertex (and network input) {@code vertex} depends on, itself included. */
        private Set<String> ancestors(String vertex) {
            Map<String, List<String>> inputs = graph.getConfiguration().getVertexInputs();
            Set<String> seen = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>();
            todo.add(vertex);
            while (!todo.isEmpty()) {
                String v = todo.poll();
                if (seen.add(v) && inputs.get(v) != null) {
                    todo.addAll(inputs.get(v));
                }
            }
            return seen;
        }

        /** The shared layers' ranges in view order, each with its column offset in J. */
        private static List<Segment> segments(List<String> layers, Map<String, long[]> ranges) {
            List<long[]> sorted = new ArrayList<>();
            for (String l : layers) {
                sorted.add(ranges.get(l));
            }
            sorted.sort((a, b) -> Long.compare(a[0], b[0]));
            List<Segment> segments = new ArrayList<>();
            long at = 0;
            for (long[] r : sorted) {
                segments.add(new Segment(r[0], r[1], at));
                at += r[1];
            }
            return List.copyOf(segments);
        }
    }
}
