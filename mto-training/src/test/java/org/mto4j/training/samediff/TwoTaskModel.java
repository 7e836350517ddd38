package org.mto4j.training.samediff;

import java.util.Map;
import java.util.Random;

import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tiny shared-trunk model with two regression heads, built from seeds only:
 * h = tanh(x·w0 + b0) (shared), ŷ_left = h·lw + lb, ŷ_right = h·rw + rb, with each loss built one of several ways.
 */
final class TwoTaskModel {

    static final int IN = 3;
    static final int HIDDEN = 6;
    static final String[] SHARED = {"w0", "b0"};
    static final String[] LEFT_HEAD = {"lw", "lb"};
    static final String[] RIGHT_HEAD = {"rw", "rb"};

    /** How a task loss is built. */
    enum Loss {
        /** sd.loss.meanSquaredError with its default reduction (mean by non-zero weight count). */
        MSE_OP,
        /** sd.loss.meanSquaredError with reduction MEAN_BY_WEIGHT and explicit per-example weights. */
        MSE_OP_MEAN_BY_WEIGHT,
        /** sd.loss.absoluteDifference with reduction SUM. */
        ABS_OP_SUM,
        /** mean((ŷ - y)²) from basic ops. */
        BASIC,
        /** 0.5 · sd.loss.meanSquaredError: an op after a loss op (SameDiff ignores its gradient). */
        HALF_MSE_OP,
        /** sd.loss.meanSquaredError + 0.1 · mean(ŷ²): the loss op's input is used by another op too. */
        MSE_OP_SHARED_INPUT
    }

    private TwoTaskModel() {
    }

    static SameDiff build(DataType type, Loss left, Loss right, long seed) {
        Random r = new Random(seed);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", type, -1, IN);
        SDVariable yl = sd.placeHolder("y_left", type, -1, 1);
        SDVariable yr = sd.placeHolder("y_right", type, -1, 1);
        SDVariable w0 = sd.var("w0", random(r, type, 0.5, IN, HIDDEN));
        SDVariable b0 = sd.var("b0", random(r, type, 0.1, HIDDEN));
        SDVariable h = sd.math.tanh(x.mmul(w0).add(b0));
        SDVariable pl = h.mmul(sd.var("lw", random(r, type, 0.5, HIDDEN, 1))).add(sd.var("lb", random(r, type, 0.1, 1)));
        SDVariable pr = h.mmul(sd.var("rw", random(r, type, 0.5, HIDDEN, 1))).add(sd.var("rb", random(r, type, 0.1, 1)));
        loss(sd, "loss_left", left, yl, pl, type);
        loss(sd, "loss_right", right, yr, pr, type);
        return sd;
    }

    private static void loss(SameDiff sd, String name, Loss kind, SDVariable y, SDVariable p, DataType type) {
        switch (kind) {
            case MSE_OP -> sd.loss.meanSquaredError(name, y, p, null);
            case MSE_OP_MEAN_BY_WEIGHT -> {
                SDVariable w = sd.constant(name + "_example_weights",
                        Nd4j.createFromArray(new double[][] {{1}, {2}, {0.5}, {1}, {3}, {1}, {0.25}, {2}})
                                .castTo(type));
                sd.loss.meanSquaredError(name, y, p, w, LossReduce.MEAN_BY_WEIGHT);
            }
            case ABS_OP_SUM -> sd.loss.absoluteDifference(name, y, p, null, LossReduce.SUM);
            case BASIC -> {
                SDVariable e = p.sub(y);
                e.mul(e).mean().rename(name);
            }
            case HALF_MSE_OP -> sd.loss.meanSquaredError(y, p, null).mul(0.5).rename(name);
            case MSE_OP_SHARED_INPUT -> sd.loss.meanSquaredError(y, p, null).add(p.mul(p).mean().mul(0.1)).rename(name);
            default -> throw new AssertionError(kind);
        }
    }

    static INDArray random(Random r, DataType type, double scale, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * r.nextGaussian();
        }
        return Nd4j.createFromArray(v).reshape(shape).castTo(type);
    }

    /** A batch of 8 examples: y_left = sin(x₀ + x₁), y_right = x₁·x₂ - x₀ (two related regression tasks). */
    static Map<String, INDArray> batch(DataType type, long seed) {
        Random r = new Random(seed);
        int n = 8;
        double[][] x = new double[n][IN];
        double[][] yl = new double[n][1];
        double[][] yr = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < IN; j++) {
                x[i][j] = r.nextGaussian();
            }
            yl[i][0] = Math.sin(x[i][0] + x[i][1]);
            yr[i][0] = 0.5 * x[i][1] * x[i][2] - x[i][0];
        }
        return Map.of("x", Nd4j.createFromArray(x).castTo(type), "y_left", Nd4j.createFromArray(yl).castTo(type),
                "y_right", Nd4j.createFromArray(yr).castTo(type));
    }
}
