package org.mto4j.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.mto4j.training.sweep.Nd4jThreads;
import org.mto4j.training.sweep.RunOutcome;
import org.mto4j.training.sweep.RunResult;
import org.mto4j.training.sweep.RunSpec;
import org.mto4j.training.sweep.TrainingFunction;

/**
 * The Spark task of one run: trains it on an executor with ND4J at one thread per operation and returns its
 * Java-serialized {@link RunOutcome}. A run whose training function threw becomes a task failure
 * ({@link RunAttemptFailed}) so that Spark retries it; a run that merely returned a bad result (a NaN metric, a
 * wrong length) is a deterministic failure and comes back as a failed outcome without a retry.
 */
final class RunTask implements Function<String, byte[]> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ShippedTraining> training;
    private final byte[] run;

    RunTask(Broadcast<ShippedTraining> training, RunSpec run) {
        this.training = training;
        this.run = JavaBytes.of(run, "a run");
    }

    @Override
    public byte[] call(String runId) {
        RunSpec spec = JavaBytes.read(run, RunSpec.class);
        Attempt attempt = new Attempt(training.value().get());
        RunOutcome outcome;
        Nd4jThreads.Lease lease = Nd4jThreads.singleThreaded();
        try {
            outcome = RunOutcome.execute(spec, attempt);
        } finally {
            lease.close();
        }
        if (attempt.threw) {
            TaskContext context = TaskContext.get();
            throw new RunAttemptFailed(outcome, context == null ? 0 : context.attemptNumber());
        }
        return JavaBytes.of(outcome, "a run's outcome");
    }

    /** The user's function, noting whether it threw (never serialized: it lives within one task). */
    private static final class Attempt implements TrainingFunction {
        private static final long serialVersionUID = 1L;
        private final transient TrainingFunction delegate;
        private boolean threw;

        Attempt(TrainingFunction delegate) {
            this.delegate = delegate;
        }

        @Override
        public RunResult train(RunSpec run) throws Exception {
            try {
                return delegate.train(run);
            } catch (Exception | Error e) {
                threw = true;
                throw e;
            }
        }
    }
}
