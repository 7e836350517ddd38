package org.mto4j.bench;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

class TrainingStepBenchmarkTest {

    @Test
    void everyConfigurationRunsOneStep() {
        for (String adapter : new String[] {"samediff", "dl4j"}) {
            for (String method : new String[] {"native", "static", "upgrad"}) {
                TrainingStepBenchmark b = new TrainingStepBenchmark();
                b.method = method;
                b.adapter = adapter;
                b.K = 2;
                b.hidden = 16;
                b.dtype = "FLOAT";
                b.setUp();
                assertNotNull(b.step());
            }
        }
    }
}
