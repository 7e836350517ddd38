package org.mto4j.pareto;

/**
 * Which set a point's exclusive hypervolume contribution is measured against.
 *
 * <pre>
 *   REMOVAL            c(i) = HV(P) − HV(P \ {i})                      for every i ∈ P
 *   NONDOMINATED_ONLY  c(i) = HV(F) − HV(F \ {i})  for i ∈ F,  0 otherwise,   F = non-dominated points of P
 * </pre>
 * The two differ only when a dominated point covers part of the region a front point alone dominates: once
 * that front point is removed, the dominated point's box still counts under {@code REMOVAL}, so the front
 * point's contribution is smaller. Example (minimized, reference (1.1, 1.1)): for {(0.614, 0.312),
 * (0.418, 0.288)} point 1 contributes 0.1705 under {@code REMOVAL} and 0.5535 under
 * {@code NONDOMINATED_ONLY}. Both give 0 to a dominated point and to each copy of a point present more than
 * once (moocore's {@code hv_contributions} with {@code ignore_dominated} corresponds to
 * {@code NONDOMINATED_ONLY}).
 *
 * <p>Thread safety: an enum, immutable.
 *
 * @since 0.1.0
 */
public enum ContributionConvention {
    /** What is lost when only that point is removed from the whole set; the definition, and the default. */
    REMOVAL,
    /** What is lost when only that point is removed from the non-dominated points; dominated points are ignored. */
    NONDOMINATED_ONLY
}
