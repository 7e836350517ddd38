package org.mto4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class FlatUpdaterTest {

    /** Sgd(lr) + L2(λ) + WeightDecay(c, applyLR): θ ← θ − (lr (g + λθ) + c·lr·θ), by hand. */
    @Test
    void sgdWithL2AndWeightDecayByHand() {
        FlatUpdater u = new FlatUpdater(new Sgd(0.1), List.of(new L2Regularization(0.5), new WeightDecay(0.2, true)),
                3, DataType.DOUBLE);
        INDArray theta = Nd4j.createFromArray(1.0, -2.0, 4.0);
        INDArray g = Nd4j.createFromArray(0.5, 0.5, -1.0);
        u.apply(theta, g, 0, 0);
        double[] expected = new double[3];
        double[] t0 = {1, -2, 4};
        double[] g0 = {0.5, 0.5, -1};
        for (int i = 0; i < 3; i++) {
            expected[i] = t0[i] - (0.1 * (g0[i] + 0.5 * t0[i]) + 0.2 * 0.1 * t0[i]);
        }
        assertArrayEquals(expected, theta.toDoubleVector(), 1e-15);
        assertNull(u.state());
    }

    /** One application to the flat buffer equals one per variable (ND4J's updaters are element-wise). */
    @Test
    void flatEqualsPerVariable() {
        List<IUpdater> updaters = List.of(new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 0.01, 0.9)),
                new Nesterovs(0.05, 0.9), new RmsProp(0.01), new AMSGrad(0.02));
        for (IUpdater updater : updaters) {
            List<Regularization> regs = List.of(new L2Regularization(1e-3), new WeightDecay(1e-2, true));
            Random r = new Random(1);
            FlatUpdater flat = new FlatUpdater(updater, regs, 10, DataType.DOUBLE);
            FlatUpdater first = new FlatUpdater(updater, regs, 4, DataType.DOUBLE);
            FlatUpdater second = new FlatUpdater(updater, regs, 6, DataType.DOUBLE);
            INDArray theta = Nd4j.rand(DataType.DOUBLE, 10);
            INDArray split = theta.dup();
            for (int it = 0; it < 5; it++) {
                double[] gv = new double[10];
                for (int i = 0; i < 10; i++) {
                    gv[i] = r.nextGaussian();
                }
                flat.apply(theta, Nd4j.createFromArray(gv), it, 0);
                INDArray g = Nd4j.createFromArray(gv);
                first.apply(split.get(NDArrayIndex.interval(0, 4)), g.get(NDArrayIndex.interval(0, 4)).dup(), it, 0);
                second.apply(split.get(NDArrayIndex.interval(4, 10)), g.get(NDArrayIndex.interval(4, 10)).dup(), it,
                        0);
            }
            assertArrayEquals(split.toDoubleVector(), theta.toDoubleVector(), 1e-15, updater.toString());
            assertEquals(updater.stateSize(10), flat.state().length());
        }
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> new FlatUpdater(null, List.of(), 3, DataType.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> new FlatUpdater(new Sgd(0.1), List.of(), 0,
                DataType.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> new FlatUpdater(new Sgd(0.1), List.of(), 3,
                DataType.HALF));
        FlatUpdater u = new FlatUpdater(new Adam(0.1), List.of(), 3, DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> u.apply(Nd4j.zeros(DataType.FLOAT, 4), Nd4j.zeros(DataType.FLOAT, 4), 0, 0));
        assertTrue(e.getMessage().contains("3 elements, got shape [4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> u.apply(Nd4j.zeros(DataType.FLOAT, 3), Nd4j.zeros(DataType.DOUBLE, 3), 0, 0));
        assertTrue(e.getMessage().contains("must be FLOAT, got DOUBLE"), e.getMessage());
    }
}
