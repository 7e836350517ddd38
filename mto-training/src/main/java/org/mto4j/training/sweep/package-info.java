/**
 * Resumable scalarization sweeps: the grid ({@link org.mto4j.training.sweep.Sweep}: methods x learning rates x
 * weight decays x seeds, each run with a stable id), the user's {@link org.mto4j.training.sweep.TrainingFunction},
 * pluggable executors ({@link org.mto4j.training.sweep.SweepExecutor}, {@link
 * org.mto4j.training.sweep.LocalExecutor}), the runner that appends one row per run to a results file in
 * mto-pareto's format and skips finished runs on a rerun ({@link org.mto4j.training.sweep.SweepRunner}), early
 * stopping on a validation split ({@link org.mto4j.training.sweep.EarlyStopping}) and progress reporting.
 *
 * @since 0.1.0
 */
package org.mto4j.training.sweep;
