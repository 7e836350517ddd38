package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jThreadsTest {
    @Test
    void leasesLimitNd4jToOneThreadAndTheLastOneRestores() {
        Environment env = Nd4j.getEnvironment();
        int master = env.maxMasterThreads();
        int blas = Nd4j.factory().blas().getMaxThreads();
        Nd4jThreads.Lease outer = Nd4jThreads.singleThreaded();
        Nd4jThreads.Lease inner = Nd4jThreads.singleThreaded();
        assertEquals(1, env.maxMasterThreads());
        assertEquals(1, Nd4j.factory().blas().getMaxThreads());
        outer.close();
        outer.close();  // a second close of one lease does not give back another's
        assertEquals(1, env.maxMasterThreads(), "one lease is still open");
        inner.close();
        assertEquals(master, env.maxMasterThreads());
        assertEquals(blas, Nd4j.factory().blas().getMaxThreads());
    }

    @Test
    void localExecutorHoldsALeaseWhileRunsTrain() throws Exception {
        int master = Nd4j.getEnvironment().maxMasterThreads();
        Sweep sweep = Sweep.builder().tasks("a").method("mean").learningRates(0.1).seeds(1, 2).build();
        int[] seen = new int[2];
        TrainingFunction probe = run -> {
            seen[(int) run.seed() - 1] = Nd4j.getEnvironment().maxMasterThreads();
            return RunResult.of(new double[] {1}, new double[] {1}, new double[] {1}, 1);
        };
        LocalExecutor.parallel(2).execute(sweep.runs(), probe, o -> { });
        assertEquals(1, seen[0]);
        assertEquals(1, seen[1]);
        assertEquals(master, Nd4j.getEnvironment().maxMasterThreads());
    }
}
