/**
 * The mto4j API: per-task gradients ({@link org.mto4j.core.TaskGradients}), combiners
 * ({@link org.mto4j.core.GradientCombiner}), Gram and loss weightings, the fast Gram path
 * ({@link org.mto4j.core.GramCombiner}), state, the registry ({@link org.mto4j.core.Combiners}) and observation.
 */
package org.mto4j.core;
