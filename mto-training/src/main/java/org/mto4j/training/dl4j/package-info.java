/**
 * Multi-task training of DL4J ComputationGraphs: {@link org.mto4j.training.dl4j.ComputationGraphMultiTask}. Needs
 * {@code org.deeplearning4j:deeplearning4j-nn} on the class path (an optional dependency of mto-training).
 */
package org.mto4j.training.dl4j;
