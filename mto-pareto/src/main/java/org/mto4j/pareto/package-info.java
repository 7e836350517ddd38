/**
 * Objective space for multi-task results: dominance, non-dominated fronts and ranks, hypervolume and quality
 * indicators, simplex weight vectors, and the evaluation workflow of Xin et al. (NeurIPS 2022). Plain
 * {@code double[][]} in (n points x m objectives, one {@link org.mto4j.pareto.Sense} per objective), indices into
 * the input out; nothing is reordered or copied behind the caller's back.
 */
package org.mto4j.pareto;
