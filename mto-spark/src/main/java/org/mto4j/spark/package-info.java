/**
 * Sweeps of mto-training on Apache Spark: {@link org.mto4j.spark.SparkSweepExecutor} runs each run of a sweep as
 * one Spark task and hands every outcome back to the {@code SweepRunner} on the driver as the run ends, so the
 * results file, resuming and failed runs behave as with the local executor; {@link org.mto4j.spark.ExecutorData}
 * gives a training function a data set that each executor reads once from a shipped file. See docs/scale-out.md.
 *
 * @since 0.1.0
 */
package org.mto4j.spark;
