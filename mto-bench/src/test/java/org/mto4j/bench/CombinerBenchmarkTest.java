package org.mto4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.openjdk.jmh.annotations.Param;

class CombinerBenchmarkTest {

    @Test
    void everyRegisteredMethodIsBenchmarked() throws Exception {
        Param param = CombinerBenchmark.class.getField("method").getAnnotation(Param.class);
        assertEquals(Combiners.names(), List.of(param.value()),
                "CombinerBenchmark.method must list exactly the registered names, sorted");
    }

    @Test
    void everyBenchmarkRunsOnceOnASmallInput() {
        for (String method : Combiners.names()) {
            CombinerBenchmark b = new CombinerBenchmark();
            b.method = method;
            b.K = 3;
            b.P = 100;
            b.dtype = "FLOAT";
            b.setUp();
            assertNotNull(b.combineInto());
            assertNotNull(b.combine());
        }
        KernelBaselineBenchmark k = new KernelBaselineBenchmark();
        k.K = 3;
        k.P = 100;
        k.dtype = "DOUBLE";
        k.setUp();
        assertEquals(3, k.gramGemm().rows());
        assertEquals(100, k.gemv().length());
        assertNotNull(k.readOnce());
    }
}
