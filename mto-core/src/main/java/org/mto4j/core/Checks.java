package org.mto4j.core;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Argument checks shared by the core classes; every message names the argument and the values. */
final class Checks {

    private Checks() {
    }

    static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    static void floatingPoint(INDArray array, String name) {
        DataType type = array.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException(
                    name + " must have data type FLOAT or DOUBLE, got " + type + " (shape " + shape(array) + ")");
        }
    }

    static String shape(INDArray array) {
        return Arrays.toString(array.shape());
    }

    static int toIntExact(long value, String name) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " = " + value + " exceeds " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    /** Checks the losses a combiner received against K and against what the method needs. */
    static void checkLosses(Lifecycle method, int numTasks, TaskLosses losses) {
        if (losses == null) {
            if (method.needsLosses()) {
                throw new IllegalArgumentException("losses are required by '" + method.name()
                        + "': pass TaskLosses with one value for each of the " + numTasks + " tasks");
            }
            return;
        }
        losses.requireSize(numTasks);
    }

    /** Checks a weighting's output length against K. */
    static Weights checkWeights(Lifecycle method, int numTasks, Weights weights) {
        if (weights == null || weights.size() != numTasks) {
            throw new IllegalStateException("'" + method.name() + "' returned "
                    + (weights == null ? "null" : weights.size() + " weights") + " for " + numTasks + " tasks");
        }
        return weights;
    }
}
