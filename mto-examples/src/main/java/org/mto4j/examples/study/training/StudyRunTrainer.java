package org.mto4j.examples.study.training;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.WeightTraceWriter;
import org.mto4j.examples.study.ModelSpec;
import org.mto4j.examples.study.StudyCommand;
import org.mto4j.examples.study.data.Minibatch;
import org.mto4j.examples.study.data.MinibatchStream;
import org.mto4j.examples.study.data.StudyData;
import org.mto4j.pareto.Sense;
import org.mto4j.training.ExecutionPath;
import org.mto4j.training.MultiTaskStep;
import org.mto4j.training.StepReport;
import org.mto4j.training.sweep.EarlyStopping;
import org.mto4j.training.sweep.RunResult;
import org.mto4j.training.sweep.RunSpec;
import org.mto4j.training.sweep.TrainingFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains one run of the study through mto-training's DL4J adapter:
 * <pre>
 *   model      ModelSpec.fromSettings(run.settings()), initialised from run.seed()     (StudyNetwork)
 *   batches    data.train().shuffled(batch size, run.seed(), dtype), label masks where the split has
 *              unlabeled examples                                                      (MaskedMeanCrossEntropy)
 *   step       run.combiner(): one backward pass of Σ wₖ Lₖ for a loss weighting (ls, rlw), K passes otherwise
 *   every eval_every steps (and after the last): per-task cross-entropy on the validation split (SplitLosses),
 *              EarlyStopping.forRun(run, patience) on it; the parameters of the best evaluation are kept
 *   result     the three splits' losses at the kept parameters (train and test measured once, at the end), and
 *              the steps trained
 *   endEpoch   after each pass over the training split, with the mean step losses of that pass
 * </pre>
 * A step whose loss is NaN or infinite ends the run with the best evaluation before it (the run diverged; a run
 * that diverges before its first evaluation fails). After a finished run it appends {@code method, steps, seconds,
 * run_id} to the study's {@value StudyCommand#STEP_TIMES}, where seconds is the training thread's CPU time inside
 * {@code step.fit} (what the steps cost on an idle core; on a shared machine wall-clock time mostly measures the
 * other processes), and for a traced run it writes the step-by-step task weights to
 * {@code traces/<method>.csv} ({@link WeightTraceWriter} as the combiner's listener; a loss weighting keeps its
 * one backward pass, the adapter reports each step to the listener).
 *
 * <p>Follows {@link TrainingFunction}'s contract: the result depends on the run alone; several runs may train at
 * once on their own threads; serializable (the data, the traced run ids and the folder as text).
 */
final class StudyRunTrainer implements TrainingFunction {
    private static final long serialVersionUID = 1L;
    private static final String STEP_TIMES_HEADER = "method,steps,seconds,run_id\n";

    private final StudyData data;
    private final Set<String> tracedRuns;
    private final String folder;

    /**
     * @param data       the study's data
     * @param tracedRuns ids of the runs that write a weight trace
     * @param folder     the study folder (traces/, step-times.csv)
     */
    StudyRunTrainer(StudyData data, Set<String> tracedRuns, Path folder) {
        this.data = data;
        this.tracedRuns = Set.copyOf(tracedRuns);
        this.folder = folder.toString();
    }

    @Override
    public RunResult train(RunSpec run) throws IOException {
        ModelSpec model = ModelSpec.fromSettings(run.settings());
        Nd4j.getRandom().setSeed(run.seed());
        Path traceFile = null;
        WeightTraceWriter trace = null;
        if (tracedRuns.contains(run.id())) {
            Path traces = Files.createDirectories(Path.of(folder).resolve(StudyCommand.TRACES));
            traceFile = traces.resolve(run.method() + ".csv." + run.id() + ".part");
            trace = WeightTraceWriter.open(traceFile);
        }
        try {
            Trained trained = train(run, model, trace);
            if (trace != null) {
                trace.close();
                Files.move(traceFile, traceFile.resolveSibling(run.method() + ".csv"),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                trace = null;
            }
            appendStepTime(run, trained.result().steps(), trained.stepSeconds());
            return trained.result();
        } finally {
            if (trace != null) {
                trace.close();
                Files.deleteIfExists(traceFile);
            }
        }
    }

    /** A finished run and the CPU seconds of its training steps. */
    private record Trained(RunResult result, double stepSeconds) {
    }

    private Trained train(RunSpec run, ModelSpec model, WeightTraceWriter trace) {
        ComputationGraph graph = StudyNetwork.graph(model, data.train(), run.seed(), run.learningRate(),
                run.weightDecay());
        GradientCombiner combiner = run.combiner();
        boolean weighted = combiner.lossWeighting().isPresent();
        // a listened loss weighting keeps its one backward pass: the adapter reports each step to the listener
        MultiTaskStep<org.nd4j.linalg.dataset.api.MultiDataSet> step = StudyNetwork.step(graph, model, run.tasks(),
                trace != null ? combiner.withListener(trace) : combiner);
        if ((step.executionPath() == ExecutionPath.WEIGHTED_LOSS) != weighted) {
            throw new IllegalStateException(run.method() + " trains on " + step.executionPath() + "; the study "
                    + "expected " + (weighted ? "one weighted backward pass" : "per-task gradients"));
        }
        MinibatchStream stream = data.train().shuffled(model.batchSize(), run.seed(), model.dataType());
        Minibatch batch = stream.next();
        int k = run.numTasks();
        INDArray[] labels = new INDArray[k];
        INDArray[] masks = new INDArray[k];
        boolean masked = false;
        for (int t = 0; t < k; t++) {
            labels[t] = batch.labels(t);
            masks[t] = batch.mask(t);
            masked |= data.train().labeledCount(t) < data.train().size();
        }
        // the stream refills these arrays in place, so one MultiDataSet serves every step
        MultiDataSet input = new MultiDataSet(new INDArray[] {batch.features()}, labels, null,
                masked ? masks : null);
        SplitLosses validation = new SplitLosses(data.validation(), model.dataType());
        INDArray best = graph.params().dup();
        EarlyStopping.Tracker stopping = EarlyStopping.forRun(run, model.patience(), EarlyStopping.DEFAULT_MIN_DELTA,
                Sense.MINIMIZE).start();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long stepNanos = 0;
        long steps = 0;
        double[] epochLosses = new double[k];
        int epochSteps = 0;
        long epochs = 0;
        try {
            while (steps < model.maxSteps()) {
                if (steps > 0) {
                    stream.next();
                }
                long before = threads.getCurrentThreadCpuTime();
                StepReport report = step.fit(input);
                stepNanos += threads.getCurrentThreadCpuTime() - before;
                steps++;
                double[] losses = report.losses();
                for (int t = 0; t < k; t++) {
                    epochLosses[t] += losses[t];
                }
                epochSteps++;
                if (stream.epochs() > epochs) {
                    for (int t = 0; t < k; t++) {
                        epochLosses[t] /= epochSteps;
                    }
                    step.endEpoch(TaskLosses.of(epochLosses));
                    epochLosses = new double[k];
                    epochSteps = 0;
                    epochs = stream.epochs();
                }
                if (steps % model.evalEvery() == 0 || steps == model.maxSteps()) {
                    // train and test losses only matter at the best evaluation: measured once, at the end
                    double[] v = validation.of(graph);
                    boolean stop = stopping.record(v, v, v);
                    if (stopping.improved()) {
                        best.assign(graph.params());
                    }
                    if (stop) {
                        break;
                    }
                }
            }
        } catch (ArithmeticException diverged) {
            if (stopping.bestEpoch() < 0) {
                throw new IllegalStateException("diverged at step " + (steps + 1) + ", before the first evaluation: "
                        + diverged.getMessage(), diverged);
            }
        }
        RunResult kept = stopping.result(steps);
        graph.params().assign(best);
        RunResult result = RunResult.of(new SplitLosses(data.train(), model.dataType()).of(graph), kept.validation(),
                new SplitLosses(data.test(), model.dataType()).of(graph), steps);
        return new Trained(result, stepNanos / 1e9);
    }

    /** One row of step-times.csv, written with one call (a kill cannot leave half a row). */
    private void appendStepTime(RunSpec run, long steps, double seconds) throws IOException {
        Path file = Path.of(folder).resolve(StudyCommand.STEP_TIMES);
        String row = String.format(Locale.ROOT, "%s,%d,%.6f,%s%n", run.method(), steps, seconds, run.id());
        synchronized (StudyRunTrainer.class) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                String text = channel.size() == 0 ? STEP_TIMES_HEADER + row : row;
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(false);
            }
        }
    }
}
