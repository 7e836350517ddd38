package org.mto4j.optimizers;

import org.mto4j.core.ColumnBlocks;

/**
 * yᵢ ← a yᵢ + bᵢ gᵢ over a block of columns: MoCo's tracking variables and DB-MTL's moving average, updated in
 * one pass over J and the state by {@link ColumnBlocks#update} (in float when J and the state are FLOAT).
 */
final class MovingAverage implements ColumnBlocks.FloatStateWorker {

    private final double a;
    private final double[] b;

    /**
     * @param a the weight of the current state
     * @param b per task, the weight of its gradient
     */
    MovingAverage(double a, double[] b) {
        this.a = a;
        this.b = b;
    }

    @Override
    public void block(long firstColumn, int length, double[][] rows, double[][] state) {
        for (int i = 0; i < rows.length; i++) {
            double[] row = rows[i];
            double[] y = state[i];
            double bi = b[i];
            for (int v = 0; v < length; v++) {
                y[v] = a * y[v] + bi * row[v];
            }
        }
    }

    @Override
    public void block(long firstColumn, int length, float[][] rows, float[][] state) {
        float af = (float) a;
        for (int i = 0; i < rows.length; i++) {
            float[] row = rows[i];
            float[] y = state[i];
            float bi = (float) b[i];
            for (int v = 0; v < length; v++) {
                y[v] = af * y[v] + bi * row[v];
            }
        }
    }
}
