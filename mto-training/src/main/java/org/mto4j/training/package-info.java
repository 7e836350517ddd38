/**
 * Plugging any combiner into a training loop: {@link org.mto4j.training.MultiTaskStep} (one step: per-task
 * gradients or one weighted-loss gradient, the combination, the update), its report and checkpoint, and the flat
 * parameter and updater helpers ({@link org.mto4j.training.FlatParameters}, {@link org.mto4j.training.FlatUpdater})
 * for hand-written ND4J loops. The adapters live in {@code org.mto4j.training.samediff} (SameDiff) and
 * {@code org.mto4j.training.dl4j} (DL4J ComputationGraph; needs the optional {@code deeplearning4j-nn}).
 */
package org.mto4j.training;
