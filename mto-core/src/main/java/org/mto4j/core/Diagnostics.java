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

    /**
     * Validates the record.
     *
     * @param solver     the solver's name, as in {@link CombinerSpec#description()} ("closed-form" when none)
     * @param converged  false when the solver stopped at its iteration limit
     * @param iterations iterations run, &ge; 0
     * @param residual   the solver's final residual or optimality gap (0 for closed forms)
     * @throws IllegalArgumentException for a null solver or negative iterations
     */
    public Diagnostics {
        Checks.notNull(solver, "solver");
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
    }

    /** {@return the diagnostics of a weighting that needs no iteration} */
    public static Diagnostics closedForm() {
        return CLOSED_FORM;
    }
}
