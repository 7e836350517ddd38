package org.mto4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.mto4j.training.sweep.LinearTasksTrainer;
import org.mto4j.training.sweep.SweepFixtures;
import org.mto4j.training.sweep.RunOutcome;
import org.mto4j.training.sweep.RunResult;
import org.mto4j.training.sweep.RunSpec;
import org.mto4j.training.sweep.TrainingFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.util.Failure;
import scala.util.Success;

/**
 * How the driver turns a finished job into a run's outcome, and how the training function travels; no Spark
 * context needed. (A task that Spark loses for a reason other than the training function — an executor that died —
 * cannot be produced in {@code local} mode, where a fatal error ends the driver's own JVM; its mapping is tested
 * here on the failure Spark reports.)
 */
class OutcomeMappingTest {
    private final RunSpec run = SweepFixtures.sweep().runs().get(3);

    /** Spark's report of a job whose task failed in every attempt for a reason outside the training function. */
    private static final String LOST = "Job aborted due to stage failure: Task 0 in stage 7.0 failed 4 times, most "
            + "recent failure: Lost task 0.3 in stage 7.0 (TID 31) (10.0.0.5 executor 2): ExecutorLostFailure "
            + "(executor 2 exited caused by one of the running tasks) Reason: Command exited with code 137\n"
            + "Driver stacktrace:\n\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages("
            + "DAGScheduler.scala:2935)\n\tat scala.collection.immutable.List.foreach(List.scala:334)\n";

    private static Seq<byte[]> seqOf(byte[] bytes) {
        return CollectionConverters.asScala(java.util.List.of(bytes)).toList();
    }

    @Test
    void finishedTaskGivesItsOutcome() throws Exception {
        RunOutcome outcome = RunOutcome.execute(run, new LinearTasksTrainer());
        RunOutcome back = SparkSweepExecutor.outcomeOf(run,
                new Success<>(seqOf(JavaBytes.of(outcome, "outcome"))), false);
        assertTrue(back.isOk());
        assertEquals(outcome.result(), back.result());
        assertEquals(run, back.run());
    }

    @Test
    void trainingFunctionThatThrewInEveryAttemptGivesItsOwnFailedOutcome() {
        RunOutcome failed = RunOutcome.execute(run, r -> {
            throw new IllegalStateException("no data");
        });
        SparkException job = new SparkException("Job aborted due to stage failure: ...",
                new RunAttemptFailed(failed, 3));
        RunOutcome back = SparkSweepExecutor.outcomeOf(run, new Failure<>(job), false);
        assertFalse(back.isOk());
        assertEquals("java.lang.IllegalStateException: no data", back.message());
    }

    @Test
    void taskSparkGaveUpOnForAnotherReasonIsAFailedRunWithSparksReason() {
        RunOutcome back = SparkSweepExecutor.outcomeOf(run, new Failure<>(new SparkException(LOST)), false);
        assertFalse(back.isOk());
        assertEquals("Spark gave up on the run: Job aborted due to stage failure: Task 0 in stage 7.0 failed 4 times,"
                + " most recent failure: Lost task 0.3 in stage 7.0 (TID 31) (10.0.0.5 executor 2): "
                + "ExecutorLostFailure (executor 2 exited caused by one of the running tasks) Reason: Command exited "
                + "with code 137", back.message());
        assertEquals(0.0, back.seconds());
    }

    @Test
    void jobThatEndedBecauseSparkStoppedLeavesTheRunWithoutARow() {
        SparkException stopped = new SparkException("Job 12 cancelled because SparkContext was shut down");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SparkSweepExecutor.outcomeOf(run, new Failure<>(stopped), true));
        assertTrue(e.getMessage().startsWith("Spark stopped during the sweep"), e.getMessage());
        assertSame(stopped, e.getCause());
    }

    @Test
    void reasonDropsStackTraces() {
        assertEquals("a b", SparkSweepExecutor.reason(new SparkException("a\n\tat x.y(Z.java:1)\n\t... 3 more\nb")));
        assertEquals("java.lang.IllegalStateException", SparkSweepExecutor.reason(new IllegalStateException()));
    }

    private static final AtomicInteger REBUILT = new AtomicInteger();

    /** A training function that counts how often it is deserialized. */
    private static final class CountsCopies implements TrainingFunction {
        private static final long serialVersionUID = 1L;
        private final double[] data = new double[1000];

        @Override
        public RunResult train(RunSpec run) throws Exception {
            return new LinearTasksTrainer().train(run);
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            REBUILT.incrementAndGet();
        }
    }

    @Test
    void broadcastTrainingFunctionIsRebuiltOncePerJvmWhateverTheSparkSerializer() throws Exception {
        ShippedTraining shipped = new ShippedTraining(new CountsCopies());
        assertTrue(shipped.size() > 8000, "the data travels with the function: " + shipped.size() + " bytes");

        // an executor receives the broadcast value once, through Java or Kryo serialization
        REBUILT.set(0);
        ShippedTraining viaJava = javaRoundTrip(shipped);
        SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
        ShippedTraining viaKryo = kryo.deserialize(kryo.serialize(shipped, ClassTag$.MODULE$.apply(
                ShippedTraining.class)), ClassTag$.MODULE$.apply(ShippedTraining.class));
        for (ShippedTraining received : new ShippedTraining[] {viaJava, viaKryo}) {
            TrainingFunction first = received.get();
            for (int i = 0; i < 5; i++) {
                assertSame(first, received.get(), "every run on the executor shares one function");
            }
            assertEquals(RunOutcome.execute(run, new LinearTasksTrainer()).result(),
                    RunOutcome.execute(run, first).result());
        }
        assertEquals(2, REBUILT.get(), "one rebuild per received broadcast value");
    }

    @Test
    void trainingFunctionMayHoldNd4jArrays() throws Exception {
        INDArray data = Nd4j.createFromArray(new double[][] {{11, 0}, {0, 1}}); // the data seed in [0, 0]
        TrainingFunction holdsArray = r -> new LinearTasksTrainer((long) data.getDouble(0, 0), 0).train(r);
        TrainingFunction received = javaRoundTrip(new ShippedTraining(holdsArray)).get();
        assertEquals(RunOutcome.execute(run, new LinearTasksTrainer(11, 0)).result(),
                RunOutcome.execute(run, received).result());
    }

    private static ShippedTraining javaRoundTrip(ShippedTraining shipped) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(shipped);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ShippedTraining) in.readObject();
        }
    }
}
