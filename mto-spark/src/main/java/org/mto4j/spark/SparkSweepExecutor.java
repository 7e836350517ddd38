package org.mto4j.spark;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.FutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.AsyncRDDActions;
import org.mto4j.training.sweep.RunOutcome;
import org.mto4j.training.sweep.RunSpec;
import org.mto4j.training.sweep.SweepExecutor;
import org.mto4j.training.sweep.TrainingFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.immutable.Seq;
import scala.concurrent.ExecutionContext;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.util.Try;

/**
 * Runs the runs of a sweep on Apache Spark — {@code local[*]} in this JVM, or any cluster Spark can reach — with
 * the results file, resume and failure semantics of the local runner, because the {@code SweepRunner} on the
 * driver still writes every row.
 *
 * <pre>
 *   try (SparkSweepExecutor spark = SparkSweepExecutor.forMaster("spark://head:7077")) {   // or local[*]
 *       new SweepRunner(sweep, Path.of("results.csv")).withExecutor(spark).run(training);
 *   }
 *
 *   per sweep:  training function ──broadcast──▶ each executor once (Java-serialized bytes, rebuilt once there)
 *   per run:    one Spark job of one task:  RunOutcome.execute(run, training) under Nd4jThreads.singleThreaded()
 *               its outcome ──▶ driver ──▶ sink (the runner appends the row and forces it to disk) as the job ends
 * </pre>
 *
 * <p><b>Why one job per run.</b> Each run is its own job, submitted asynchronously ({@code collectAsync}); a
 * completion callback hands its outcome to the calling thread the moment its task ends, so a driver killed
 * mid-sweep has already written every run that finished. One job over all runs would deliver results only at its
 * end ({@code collect}) or one partition after another ({@code toLocalIterator}, which runs them in sequence), and
 * one task that Spark gives up on aborts a whole job — with one job per run it ends that run alone. A job per run
 * costs milliseconds of scheduling, nothing next to a training run. At most {@value #IN_FLIGHT_PER_CORE} runs per
 * core of the application ({@code defaultParallelism}) are submitted at a time, in the sweep's order, so the cores
 * stay busy while the next runs wait on the driver rather than in Spark's scheduler.
 *
 * <p><b>Failures.</b> A training function that throws fails its Spark task, and Spark retries it by its own
 * settings: {@code spark.task.maxFailures} on a cluster (default 4), F in a {@code local[N,F]} master (plain
 * {@code local[N]} never retries). When Spark gives up, the run is recorded as failed with the exception's message,
 * exactly as the local runner writes it. A run that returns a bad result (a NaN metric: a diverged run) is not
 * retried — it would diverge again. A task that fails for another reason (a lost executor, a JVM that ran out of
 * memory) is retried by Spark the same way and then recorded as failed with Spark's reason. None of this stops the
 * other runs. If the sink throws or the calling thread is interrupted, the sweep's jobs are cancelled.
 *
 * <p><b>Data.</b> Whatever the training function holds crosses the network once per executor and sweep; a data set
 * that should not pass through the driver is shipped as a file with {@link #shipFile} and read once per executor.
 * Runs, functions and outcomes travel as Java serialization whatever {@code spark.serializer} says.
 *
 * <p><b>Threads.</b> Each run is one task on one core ({@code spark.task.cpus} = 1) with ND4J's element-wise
 * operations and BLAS at one thread ({@code Nd4jThreads}). ND4J's reduction pool is sized when an executor JVM
 * starts, from {@code OMP_NUM_THREADS}: this executor sets {@code spark.executorEnv.OMP_NUM_THREADS=1} unless the
 * configuration already sets it; in {@code local} mode the tasks run in the driver's JVM, so start that JVM with
 * {@code OMP_NUM_THREADS=1}.
 *
 * <p><b>Java 17.</b> A JVM that runs Spark needs the {@code --add-opens} options listed in docs/scale-out.md;
 * {@code spark-submit} adds them by itself, and Spark adds them to the executors it starts.
 *
 * <p>Thread-safe: sweeps may run at once from several threads. {@link #close()} stops the Spark context if this
 * executor started it.
 *
 * @since 0.1.0
 */
public final class SparkSweepExecutor implements SweepExecutor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SparkSweepExecutor.class);

    /** The master of {@link #local()}, and of a configuration that names none: every core of this machine. */
    public static final String DEFAULT_MASTER = "local[*]";
    /** The application name of a configuration that names none. */
    public static final String DEFAULT_APP_NAME = "mto4j sweep";
    /** Runs submitted at once per core of the application ({@code defaultParallelism}). */
    public static final int IN_FLIGHT_PER_CORE = 2;
    /** The executors' {@code OMP_NUM_THREADS}, unless the configuration sets it. */
    public static final String EXECUTOR_OMP_NUM_THREADS = "1";

    static final String OMP_ENV = "spark.executorEnv.OMP_NUM_THREADS";
    private static final String JOB_DESCRIPTION = "spark.job.description";
    private static final String INTERRUPT_ON_CANCEL = "spark.job.interruptOnCancel";
    private static final String DRIVER_STACKTRACE = "Driver stacktrace:";
    private static final ClassTag<byte[]> BYTES = ClassTag$.MODULE$.apply(byte[].class);
    /** Completion callbacks only enqueue, so they run on whichever Spark thread completes the job. */
    private static final ExecutionContext CALLBACKS = ExecutionContext.fromExecutor(Runnable::run);
    private static final AtomicInteger SWEEPS = new AtomicInteger();
    private static final AtomicInteger FILES = new AtomicInteger();

    private final JavaSparkContext context;
    private final boolean ownsContext;
    private final Set<ExecutorData<?>> shipped = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private SparkSweepExecutor(JavaSparkContext context, boolean ownsContext) {
        this.context = context;
        this.ownsContext = ownsContext;
        String master = context.master();
        if (master.startsWith("local") && !"1".equals(System.getenv("OMP_NUM_THREADS"))) {
            LOG.info("runs train in this JVM ({}); start it with OMP_NUM_THREADS=1 so that ND4J's reductions are "
                    + "single-threaded too (now {})", master, System.getenv("OMP_NUM_THREADS"));
        }
    }

    /**
     * An executor on every core of this machine ({@value #DEFAULT_MASTER}); it starts and owns its context.
     *
     * @return the executor; close it when the sweep is done
     */
    public static SparkSweepExecutor local() {
        return forMaster(DEFAULT_MASTER);
    }

    /**
     * An executor on a new Spark context with this master and the defaults of {@link #create}; the factory that
     * command-line tools call (also by reflection: {@code forMaster(String)} returns a {@link SweepExecutor} that is
     * {@link AutoCloseable}).
     *
     * @param master any master URL Spark accepts: {@code local[*]}, {@code local[N]}, {@code local[N,F]} (F
     *               attempts per run), {@code spark://host:7077}, {@code yarn}, {@code k8s://https://host:443}
     * @return the executor, which owns its new context; close it when the sweep is done
     * @throws IllegalArgumentException if {@code master} is blank or not a master URL Spark accepts
     * @throws IllegalStateException    if Spark cannot start (another context runs in this JVM, a cluster that
     *                                  cannot be reached)
     */
    public static SparkSweepExecutor forMaster(String master) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("master must be a Spark master URL such as local[*] or "
                    + "spark://host:7077, got " + (master == null ? "null" : "'" + master + "'"));
        }
        return create(new SparkConf().setMaster(master.strip()));
    }

    /**
     * An executor on a new Spark context made from a copy of {@code conf} (which also reads the {@code spark.*}
     * system properties that {@code spark-submit} sets), with these defaults where {@code conf} sets nothing:
     * master {@value #DEFAULT_MASTER}, application name {@value #DEFAULT_APP_NAME}, the executors'
     * {@code OMP_NUM_THREADS} {@value #EXECUTOR_OMP_NUM_THREADS}, and for a {@code local} master a driver bound to
     * 127.0.0.1. {@link #close()} stops the context.
     *
     * @param conf the configuration; not modified
     * @return the executor, which owns its new context
     * @throws IllegalArgumentException if {@code conf} is null or its master is not one Spark accepts
     * @throws IllegalStateException    if Spark cannot start
     */
    public static SparkSweepExecutor create(SparkConf conf) {
        if (conf == null) {
            throw new IllegalArgumentException("conf must not be null");
        }
        SparkConf c = conf.clone();
        c.setIfMissing("spark.master", DEFAULT_MASTER);
        c.setIfMissing("spark.app.name", DEFAULT_APP_NAME);
        c.setIfMissing(OMP_ENV, EXECUTOR_OMP_NUM_THREADS);
        String master = c.get("spark.master");
        if (master.startsWith("local")) {
            c.setIfMissing("spark.driver.host", "127.0.0.1");
            c.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        JavaSparkContext context;
        try {
            context = new JavaSparkContext(c);
        } catch (Exception e) {
            if (String.valueOf(e.getMessage()).contains("Could not parse Master URL")) {
                throw new IllegalArgumentException("master '" + master + "' is not a master URL Spark accepts "
                        + "(local[*], local[N], local[N,F], spark://host:port, yarn, k8s://...): " + e.getMessage(),
                        e);
            }
            throw new IllegalStateException("Spark could not start with master '" + master + "': " + e, e);
        }
        return new SparkSweepExecutor(context, true);
    }

    /**
     * An executor on a Spark context that the caller made and keeps: {@link #close()} leaves it running. The
     * executors' {@code OMP_NUM_THREADS} is whatever that context's configuration says.
     *
     * @param context a running context
     * @return the executor, which leaves the context to its caller
     * @throws IllegalArgumentException if {@code context} is null or stopped
     */
    public static SparkSweepExecutor on(JavaSparkContext context) {
        if (context == null || context.sc().isStopped()) {
            throw new IllegalArgumentException("context must be a running Spark context, got "
                    + (context == null ? "null" : "a stopped one"));
        }
        if (!context.getConf().contains(OMP_ENV)) {
            LOG.info("{} is not set: ND4J's reductions on the executors may use several threads per run", OMP_ENV);
        }
        return new SparkSweepExecutor(context, false);
    }

    /**
     * Ships a file to every executor once, for a training function to read there with {@code loader}: see
     * {@link ExecutorData}.
     *
     * @param path   a file this driver can read: a local path, or a URI Spark can fetch ({@code hdfs://},
     *               {@code s3a://}, {@code https://}) — its file name must be unique among the shipped files
     * @param loader reads the executor's local copy (serializable, as it travels with the training function)
     * @param <T>    the data set's type
     * @return the handle a training function captures and calls {@link ExecutorData#get()} on
     * @throws IllegalArgumentException if the path is blank or cannot be shipped, or the loader is not serializable
     * @throws IllegalStateException    if this executor is closed
     */
    public <T> ExecutorData<T> shipFile(String path, DataLoader<T> loader) {
        if (path == null || path.isBlank() || loader == null) {
            throw new IllegalArgumentException("path and loader must be given, got path "
                    + (path == null ? "null" : "'" + path + "'") + " and loader " + loader);
        }
        checkOpen();
        JavaBytes.of(loader, "the loader of " + path);
        String trimmed = path.strip().replaceAll("/+$", "");
        String fileName = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        try {
            context.addFile(trimmed);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot ship " + path + " to the executors: " + e, e);
        }
        ExecutorData<T> data = new ExecutorData<>(context.sc().applicationId() + "/" + FILES.incrementAndGet(),
                fileName, loader);
        shipped.add(data);
        return data;
    }

    /**
     * The Spark context the runs go to.
     *
     * @return the context
     */
    public JavaSparkContext context() {
        return context;
    }

    @Override
    public void execute(List<RunSpec> runs, TrainingFunction training, Consumer<RunOutcome> sink)
            throws InterruptedException {
        if (runs == null || training == null || sink == null) {
            throw new IllegalArgumentException("runs, training and sink must not be null");
        }
        checkOpen();
        if (runs.isEmpty()) {
            return;
        }
        ShippedTraining function = new ShippedTraining(training);
        Broadcast<ShippedTraining> broadcast = context.broadcast(function);
        String tag = "mto4j-sweep-" + SWEEPS.incrementAndGet();
        LOG.info("{}: {} runs on {} ({} cores now); the training function ({} bytes) is broadcast", tag, runs.size(),
                context.master(), context.defaultParallelism(), function.size());
        String description = context.getLocalProperty(JOB_DESCRIPTION);
        String interruptOnCancel = context.getLocalProperty(INTERRUPT_ON_CANCEL);
        context.addJobTag(tag);
        context.setInterruptOnCancel(true);
        boolean completed = false;
        try {
            BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
            Iterator<RunSpec> next = runs.iterator();
            int inFlight = 0;
            for (int left = runs.size(); left > 0; left--) {
                int limit = Math.max(IN_FLIGHT_PER_CORE, IN_FLIGHT_PER_CORE * context.defaultParallelism());
                for (; next.hasNext() && inFlight < limit; inFlight++) {
                    submit(next.next(), broadcast, finished);
                }
                Finished done = finished.take();
                inFlight--;
                sink.accept(outcomeOf(done.run(), done.result(), context.sc().isStopped()));
            }
            completed = true;
        } finally {
            if (!context.sc().isStopped()) {
                if (completed) {
                    broadcast.destroy(); // every job has ended; else Spark's cleaner drops it once unreachable
                } else {
                    LOG.info("{} stopped; cancelling its runs still on Spark", tag);
                    context.cancelJobsWithTag(tag, "the mto4j sweep stopped");
                }
            }
            context.removeJobTag(tag);
            context.setLocalProperty(JOB_DESCRIPTION, description);
            context.setLocalProperty(INTERRUPT_ON_CANCEL, interruptOnCancel);
        }
    }

    /** A run's job ended: its run, and the job's result (the outcome's bytes) or failure. */
    private record Finished(RunSpec run, Try<Seq<byte[]>> result) {
    }

    private void submit(RunSpec run, Broadcast<ShippedTraining> training, BlockingQueue<Finished> finished) {
        context.setJobDescription("mto4j run " + run);
        JavaRDD<byte[]> task = context.parallelize(List.of(run.id()), 1).map(new RunTask(training, run));
        FutureAction<Seq<byte[]>> job = new AsyncRDDActions<>(task.rdd(), BYTES).collectAsync();
        job.onComplete(result -> finished.add(new Finished(run, result)), CALLBACKS);
    }

    /**
     * The outcome of a run whose job ended: the task's outcome; for a task that failed in every attempt Spark made,
     * the training function's failed outcome or, when something else failed, a failed outcome with Spark's reason.
     *
     * @throws IllegalStateException if the job failed because Spark itself stopped (the run did not fail: it is left
     *                               without a row, so that a rerun trains it)
     */
    static RunOutcome outcomeOf(RunSpec run, Try<Seq<byte[]>> result, boolean sparkStopped) {
        if (result.isSuccess()) {
            return JavaBytes.read(result.get().head(), RunOutcome.class);
        }
        Throwable failure = result.failed().get();
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof RunAttemptFailed) {
                RunAttemptFailed attempt = (RunAttemptFailed) c;
                LOG.info("run {} failed in all {} attempts Spark made", run, attempt.attempts());
                return attempt.outcome();
            }
        }
        if (sparkStopped) {
            throw new IllegalStateException("Spark stopped during the sweep (run " + run + " was on it): "
                    + failure.getMessage(), failure);
        }
        String reason = reason(failure);
        LOG.warn("Spark gave up on run {}: {}", run, reason);
        return RunOutcome.failed(run, "Spark gave up on the run: " + reason, 0);
    }

    /** Spark's message of a failed job without its stack traces. */
    static String reason(Throwable failure) {
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        int driverTrace = message.indexOf(DRIVER_STACKTRACE);
        if (driverTrace >= 0) {
            message = message.substring(0, driverTrace);
        }
        StringBuilder b = new StringBuilder();
        for (String line : message.split("\\R")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("at ") || s.matches("\\.\\.\\. \\d+ more")) {
                continue;
            }
            b.append(b.length() == 0 ? "" : " ").append(s);
        }
        return b.toString();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    /**
     * Forgets the data this executor shipped and, if this executor started its Spark context, stops it. Sweeps
     * still running fail. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        shipped.forEach(ExecutorData::forget);
        shipped.clear();
        if (ownsContext) {
            context.stop();
        }
    }

    @Override
    public String toString() {
        return "SparkSweepExecutor(" + context.master() + ")";
    }
}
