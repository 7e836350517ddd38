package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a distributed executor ships: runs, the training function and outcomes survive Java serialization. */
class SerializationTest {
    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void runsFunctionsAndOutcomesCrossProcessBoundaries() throws Exception {
        Sweep sweep = Sweep.builder().tasks("left", "right").scalarization(new double[][] {{0.25, 0.75}})
                .method("upgrad", Map.of("pref_vector", new double[] {1, 2})).method("pcgrad")
                .learningRates(0.05).seeds(3).setting("epochs", "5").build();
        TrainingFunction training = roundTrip(new LinearTasksTrainer());
        TrainingFunction lambda = roundTrip((TrainingFunction) run -> RunResult.of(run.taskWeights(),
                run.taskWeights(), run.taskWeights(), 1));
        for (RunSpec run : sweep.runs()) {
            RunSpec copy = roundTrip(run);
            assertEquals(run, copy);
            assertEquals(run.id(), copy.id());
            assertEquals(run.toString(), copy.toString());
            assertEquals(run.settings(), copy.settings());
            assertEquals(RunSpec.canonicalOptions(run.combinerOptions()),
                    RunSpec.canonicalOptions(copy.combinerOptions()));
            RunOutcome here = RunOutcome.execute(run, new LinearTasksTrainer());
            RunOutcome there = roundTrip(RunOutcome.execute(copy, training));
            assertEquals(here.result(), there.result());
            assertEquals(ResultsFile.row(RunOutcome.ok(run, here.result(), 0)),
                    ResultsFile.row(RunOutcome.ok(there.run(), there.result(), 0)));
        }
        assertArrayEquals(new double[] {0.25, 0.75}, lambda.train(sweep.runs().get(0)).test());
        RunOutcome failed = roundTrip(RunOutcome.failed(sweep.runs().get(1), "executor lost\nafter 4 tries", 2.5));
        assertEquals("executor lost after 4 tries", failed.message());
        assertEquals(2.5, failed.seconds());
    }
}
