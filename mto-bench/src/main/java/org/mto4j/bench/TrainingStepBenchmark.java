package org.mto4j.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.mto4j.training.MultiTaskStep;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training steps per second on the study's shape of model ({@link TrainingModels}: 64 inputs, a shared trunk of
 * two dense ReLU layers of {@code hidden} units, K softmax heads of 10 classes, batch 64), through each adapter: scalarization
 * ({@code static}: ONE backward pass of the weighted loss) against methods that need the K per-task gradients
 * ({@code mgda}, {@code pcgrad}, {@code upgrad}: K backward passes, then the combination). The baseline,
 * {@code method = native}, is the framework's own training step on the same model and batch ({@code sd.fit} or
 * {@code ComputationGraph.fit} of the summed loss, same Adam), which scalarization should match.
 * <pre>
 *   OMP_NUM_THREADS=1 java -jar mto-bench/target/benchmarks.jar TrainingStepBenchmark -p K=2 -p hidden=128,1024
 * </pre>
 * One ND4J thread ({@code OMP_NUM_THREADS=1}, inherited by JMH's forks) is how sweeps run; on a busy machine, ND4J's
 * default two OpenMP threads per operation spent most of their time waiting for each other (20x slower here).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx3g"})
public class TrainingStepBenchmark {

    /** A registered combiner, or {@code native} for the framework's own fit. */
    @Param({"native", "static", "mgda", "pcgrad", "upgrad"})
    public String method;

    @Param({"samediff", "dl4j"})
    public String adapter;

    @Param({"2"})
    public int K;

    /** Units in each of the two trunk layers: 128 is the study's size, where per-op overhead shows. */
    @Param({"128"})
    public int hidden;

    @Param({"FLOAT"})
    public String dtype;

    private MultiTaskStep<Map<String, INDArray>> sameDiffStep;
    private Map<String, INDArray> placeholders;
    private MultiTaskStep<org.nd4j.linalg.dataset.api.MultiDataSet> graphStep;
    private MultiDataSet multiDataSet;
    private SameDiff nativeSameDiff;
    private ComputationGraph nativeGraph;

    @Setup
    public void setUp() {
        DataType type = DataType.valueOf(dtype);
        placeholders = TrainingModels.placeholders(K, type);
        multiDataSet = TrainingModels.multiDataSet(K, type);
        boolean sameDiff = adapter.equals("samediff");
        if (!sameDiff && !adapter.equals("dl4j")) {
            throw new IllegalArgumentException("adapter must be samediff or dl4j, got " + adapter);
        }
        if (method.equals("native")) {
            if (sameDiff) {
                nativeSameDiff = nativeSameDiff(K, hidden, type);
            } else {
                nativeGraph = TrainingModels.graph(K, hidden, type);
            }
        } else if (sameDiff) {
            sameDiffStep = TrainingModels.sameDiff(method, K, hidden, type);
        } else {
            graphStep = TrainingModels.dl4j(method, K, hidden, type);
        }
    }

    /** The SameDiff model set up for sd.fit on the sum of the task losses. */
    private static SameDiff nativeSameDiff(int k, int hidden, DataType type) {
        SameDiff sd = TrainingModels.sameDiffGraph(k, hidden, type);
        String[] labels = new String[k];
        String[] losses = new String[k];
        for (int t = 0; t < k; t++) {
            labels[t] = "y" + t;
            losses[t] = "loss" + t;
        }
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(TrainingModels.LEARNING_RATE))
                .dataSetFeatureMapping("x").dataSetLabelMapping(labels).build());
        sd.setLossVariables(losses); // sd.loss ops would otherwise leave only loss0 as the loss
        return sd;
    }

    /** One training step: passes, combination (if any), update. */
    @Benchmark
    public Object step() {
        if (sameDiffStep != null) {
            return sameDiffStep.fit(placeholders);
        } else if (graphStep != null) {
            return graphStep.fit(multiDataSet);
        } else if (nativeSameDiff != null) {
            return nativeSameDiff.fit(multiDataSet);
        }
        nativeGraph.fit(multiDataSet);
        return nativeGraph;
    }
}
