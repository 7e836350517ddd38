package org.mto4j.core;

/**
 * How the weights of one step were obtained: by a closed form, or by an iterative solver that reports whether it
 * converged, after how many iterations, and with what residual. A solver that merely fails to converge is reported
 * here, never thrown.
 *
 * @param solver     a short name of the solver ("closed-form", "frank-wolfe", ...)
 * @param converged  true for a closed form, or when the solver met its tolerance
 * @param iterations iterations used (0 for a closed form)
 * @param residual   the solver's own optimality measure at the end (0 for a closed form)
 * @since 0.1.0
 */
public record Diagnostics(String solver, boolean converged, int iterations, double residual) {

    private static final Diagnostics CLOSED_FORM = new Diagnostics("closed-form", true, 0, 0.0);

    public Diagnostics {
        Checks.notNull(solver, "solver");
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
    }

    /** The diagnostics of a weighting that needs no iteration. */
    public static Diagnostics closedForm() {
        return CLOSED_FORM;
    }
}
