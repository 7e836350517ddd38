package org.mto4j.training.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mto4j.training.samediff.SameDiffGradientsTest.twoTasks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.training.samediff.TwoTaskModel.Loss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The SameDiff 1.0.0-M2.1 behaviours the adapter works around, each shown to exist and shown to be handled. If a
 * later ND4J changes one of them, the "exists" half of its test fails and says so.
 */
class SameDiffTrapsTest {

    /** The default array holder copies a view given to a variable; the adapter's graphs keep the view. */
    @Test
    void variablesStayViewsOfTheFlatBuffer() {
        SameDiff plain = TwoTaskModel.build(DataType.DOUBLE, Loss.BASIC, Loss.BASIC, 1);
        INDArray buffer = Nd4j.zeros(DataType.DOUBLE, 100);
        INDArray view = buffer.get(NDArrayIndex.interval(10, 28)).reshape('c', 3, 6);
        plain.associateArrayWithVariable(view, "w0");
        buffer.addi(1.0);
        assertEquals(0.0, plain.getArrForVarName("w0").getDouble(0, 0), 0.0,
                "the trap: SameDiff's default holder detached the view (if this fails, ND4J changed)");

        SameDiff sd = TwoTaskModel.build(DataType.DOUBLE, Loss.BASIC, Loss.BASIC, 1);
        SameDiffMultiTask step = twoTasks(sd).combiner(Combiners.create("upgrad")).updater(new Adam(0.1)).build();
        Map<String, INDArray> batch = TwoTaskModel.batch(DataType.DOUBLE, 2);
        double before = sd.output(batch, "loss_left").get("loss_left").getDouble(0);
        step.flatParameters().param("w0").addi(0.5);
        assertEquals(step.flatParameters().param("w0").getDouble(1, 2), sd.getArrForVarName("w0").getDouble(1, 2),
                0.0);
        for (SameDiff g : step.taskGraphs()) {
            assertSame(step.flatParameters().param("w0"), g.getArrForVarName("w0"));
        }
        assertNotEquals(before, sd.output(batch, "loss_left").get("loss_left").getDouble(0));
        step.fit(batch);
        assertEquals(step.evaluate(batch).get(0), sd.output(batch, "loss_left").get("loss_left").getDouble(0),
                0.0, "the user's graph sees the trained parameters");
    }

    /**
     * sd.loss.* ops ignore the gradient from above: in a plain w0·L0 + w1·L1 the head of an sd.loss task gets the
     * gradient of weight 1. The adapter's weighted-loss graph gives it wᵢ.
     */
    @Test
    void lossOpsIgnoreTheGradientFromAbove() {
        SameDiff sd = TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 1);
        Map<String, INDArray> batch = TwoTaskModel.batch(DataType.DOUBLE, 2);
        SameDiff alone = sd.dup();
        alone.setLossVariables("loss_left");
        INDArray g = alone.calculateGradients(batch, "lw").get("lw");
        SameDiff naive = sd.dup();
        SDVariable total = naive.getVariable("loss_left").mul(0.2).add(naive.getVariable("loss_right").mul(0.8));
        naive.setLossVariables(total.name());
        INDArray naiveGrad = naive.calculateGradients(batch, "lw").get("lw");
        assertEquals(g.getDouble(0), naiveGrad.getDouble(0), 1e-15,
                "the trap: the weight 0.2 was dropped (if this fails, ND4J changed)");

        SameDiffMultiTask step = twoTasks(sd).combiner(Combiners.create("static",
                Map.of("weights", new double[] {0.2, 0.8}))).updater(new org.nd4j.linalg.learning.config.Sgd(1.0))
                .build();
        step.fit(batch);
        assertEquals(0.2 * g.getDouble(0), step.flatParameters().gradient("lw").getDouble(0), 1e-15);
        // The cheap form: the loss op's input feeds nothing else, so its backward output is scaled in the
        // gradient function and the forward graph gets no stop-gradient; an input used elsewhere gets one.
        assertEquals(0, stopGradients(step.weightedGraph()));
        SameDiffMultiTask shared = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP_SHARED_INPUT,
                Loss.BASIC, 1)).combiner(Combiners.create("sum")).updater(new Adam(0.1)).build();
        assertEquals(1, stopGradients(shared.weightedGraph()));
    }

    private static long stopGradients(SameDiff graph) {
        return graph.getOps().values().stream()
                .filter(op -> op.getOp() instanceof org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient)
                .count();
    }

    /** SameDiff prints a line per op when it builds a gradient function; nothing reaches System.out here. */
    @Test
    void buildAndStepsPrintNothing() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        try {
            for (String method : new String[] {"static", "upgrad"}) {
                SameDiffMultiTask step = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 1))
                        .combiner(Combiners.create(method)).updater(new Adam(0.1)).build();
                assertSame(capture, System.out, "the previous System.out is put back");
                System.out.println("other output passes");
                for (int s = 0; s < 3; s++) {
                    step.fit(TwoTaskModel.batch(DataType.DOUBLE, s));
                }
                step.evaluate(TwoTaskModel.batch(DataType.DOUBLE, 0));
            }
        } finally {
            System.setOut(original);
        }
        assertEquals("other output passes" + System.lineSeparator() + "other output passes"
                + System.lineSeparator(), captured.toString(StandardCharsets.UTF_8));
    }

    /** Each per-task graph builds its gradient function once; steps reuse it (never a rebuild per call). */
    @Test
    void gradientFunctionsAreBuiltOnce() {
        SameDiffMultiTask step = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 1))
                .combiner(Combiners.create("upgrad")).updater(new Adam(0.1)).build();
        SameDiff[] graphs = step.taskGraphs();
        SameDiff[] functions = new SameDiff[graphs.length];
        for (int t = 0; t < graphs.length; t++) {
            assertTrue(graphs[t].hasGradientFunction());
            assertEquals(java.util.List.of(step.taskNames().get(t).equals("left") ? "loss_left" : "loss_right"),
                    graphs[t].getLossVariables());
            functions[t] = graphs[t].getFunction("grad");
        }
        for (int s = 0; s < 3; s++) {
            step.fit(TwoTaskModel.batch(DataType.DOUBLE, s));
        }
        for (int t = 0; t < graphs.length; t++) {
            assertSame(functions[t], graphs[t].getFunction("grad"));
        }
    }
}
