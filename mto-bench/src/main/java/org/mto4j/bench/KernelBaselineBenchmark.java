package org.mto4j.bench;

import java.util.concurrent.TimeUnit;

import org.mto4j.core.Combiners;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskGradients;
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
 * The yardsticks for {@link CombinerBenchmark}, on the same J:
 * <ul>
 *   <li>{@code readOnce}: a sum over every element of J read in place by all cores ({@link ReadOnce}), the
 *       memory-bandwidth limit of any method;</li>
 *   <li>{@code nd4jSum}: the same sum by ND4J's {@code sumNumber()} (the yardstick before 2026-11-29: 5-10x
 *       slower than {@code readOnce}, kept for comparison);</li>
 *   <li>{@code gramGemm}: G = J Jᵀ by the plain {@code Nd4j.gemm} call;</li>
 *   <li>{@code gramian}: G = J Jᵀ as every Gram method computes it ({@link GramCombiner#gramian}: the host
 *       kernels on the CPU backend for K &le; 15, or K &le; 64 with {@code --add-modules jdk.incubator.vector},
 *       else the GEMM), including the copy to the host;</li>
 *   <li>{@code gemv}: d = Jᵀw into a reused buffer, the second half of every Gram method.</li>
 * </ul>
 * <pre>
 *   java -jar mto-bench/target/benchmarks.jar KernelBaselineBenchmark -p K=8 -p P=1000000
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=14G",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=18G"})
public class KernelBaselineBenchmark {

    @Param({"2", "4", "8", "16", "32"})
    public int K;

    @Param({"10000", "100000", "1000000", "10000000"})
    public long P;

    @Param({"FLOAT", "DOUBLE"})
    public String dtype;

    private TaskGradients gradients;
    private GramCombiner gramPath;
    private INDArray j;
    private INDArray gram;
    private INDArray weights;
    private INDArray direction;

    @Setup
    public void setUp() {
        DataType type = DataType.valueOf(dtype);
        gradients = BenchData.gradients(K, P, type);
        j = gradients.matrix();
        gramPath = (GramCombiner) Combiners.create("upgrad"); // any Gram method: gramian() is shared
        gram = Nd4j.create(type, K, K);
        weights = Nd4j.ones(type, K, 1).divi(K);
        direction = Nd4j.create(type, P, 1);
    }

    @Benchmark
    public double readOnce() {
        return ReadOnce.sum(j);
    }

    @Benchmark
    public Number nd4jSum() {
        return j.sumNumber();
    }

    @Benchmark
    public INDArray gramGemm() {
        Nd4j.gemm(j, j, gram, false, true, 1.0, 0.0);
        return gram;
    }

    @Benchmark
    public Gramian gramian() {
        return gramPath.gramian(gradients);
    }

    @Benchmark
    public INDArray gemv() {
        Nd4j.gemm(j, weights, direction, true, false, 1.0, 0.0);
        return direction;
    }
}
