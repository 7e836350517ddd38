package org.mto4j.pareto;

/**
 * What a front does with points that are identical in every objective.
 *
 * <p>Two identical points are {@link Dominance#EQUAL}: neither dominates the other, so both are
 * non-dominated when one is. The policy makes that choice explicit instead of leaving it to the order of
 * a sort.
 *
 * <p>Thread safety: an enum, immutable.
 *
 * @since 0.1.0
 */
public enum DuplicatePolicy {
    /** Every copy of a non-dominated point is in the front. */
    KEEP_ALL,
    /** Only the copy with the smallest index is in the front; later copies are left out. */
    KEEP_FIRST
}
