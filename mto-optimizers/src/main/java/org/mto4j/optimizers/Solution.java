package org.mto4j.optimizers;

import org.mto4j.core.Diagnostics;

/**
 * What a small K x K solver returns: its point and how it got there (converged, iterations, residual), so a
 * method can report non-convergence in its {@link Diagnostics} instead of throwing or falling back silently.
 *
 * @param x          the solver's last iterate; owned by the caller
 * @param converged  whether the solver met its own tolerance
 * @param iterations iterations used
 * @param residual   the solver's optimality measure at {@code x} (relative; see each solver)
 */
record Solution(double[] x, boolean converged, int iterations, double residual) {

    Diagnostics diagnostics(String solver) {
        return new Diagnostics(solver, converged, iterations, residual);
    }
}
