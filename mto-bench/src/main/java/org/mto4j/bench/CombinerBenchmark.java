package org.mto4j.bench;

import java.util.concurrent.TimeUnit;

import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * One combine step of every registered method, into a reused direction buffer ({@code combineInto}, what a
 * training loop does) and allocating a new one ({@code combine}). Compare with {@link KernelBaselineBenchmark}
 * (read J once, the Gram GEMM alone, the GEMV alone) from the same run.
 * <pre>
 *   java -jar mto-bench/target/benchmarks.jar 'CombinerBenchmark|KernelBaselineBenchmark' \
 *        -p method=static,upgrad -p K=8 -p P=1000000 -p dtype=FLOAT -prof gc -rf json -rff results.json
 * </pre>
 * The {@code method} list holds every registered name ({@code CombinerBenchmarkTest} keeps it so).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=14G",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=18G"})
public class CombinerBenchmark {

    @Param({"aligned-mtl", "cagrad", "config", "constant", "cosmos", "cr-mogm", "db-mtl", "dualproj", "dwa",
        "excess-mtl", "fairgrad", "famo", "gls", "graddrop", "gradnorm", "gradvac", "imtl", "imtl-g", "imtl-l",
        "krum", "mean", "mgda", "moco", "modo", "nash-mtl", "pbi", "pcgrad", "rlw", "sdmgrad", "static", "stch",
        "sum", "trimmed-mean", "upgrad", "uw"})
    public String method;

    @Param({"2", "4", "8", "16", "32"})
    public int K;

    @Param({"10000", "100000", "1000000", "10000000"})
    public long P;

    @Param({"FLOAT", "DOUBLE"})
    public String dtype;

    private GradientCombiner combiner;
    private TaskGradients gradients;
    private TaskLosses losses;
    private INDArray direction;

    @Setup
    public void setUp() {
        DataType type = DataType.valueOf(dtype);
        combiner = Combiners.create(method, BenchData.options(method, K));
        gradients = BenchData.gradients(K, P, type);
        losses = BenchData.losses(K);
        direction = Nd4j.create(type, P);
    }

    /** The training-loop call: the direction goes into a buffer reused across steps. */
    @Benchmark
    public Combination combineInto() {
        return combiner.combineInto(gradients, losses, direction);
    }

    /** The convenience call: a new direction array every step. */
    @Benchmark
    public Combination combine() {
        return combiner.combine(gradients, losses);
    }
}
