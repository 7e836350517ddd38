package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class WeightTraceWriterTest {

    static final double[][] J = {{-4, 1, 1}, {6, 1, 1}};

    @Test
    void writesHeaderWeightsNormsAndCosinesPerStep() throws Exception {
        StringWriter text = new StringWriter();
        GradientCombiner c;
        try (WeightTraceWriter trace = WeightTraceWriter.to(text, true)) {
            c = new GramCombiner(new TestWeightings.NormalizedMean()).withListener(trace);
            c.combine(TaskGradients.of(Nd4j.createFromArray(J)));
            c.combine(TaskGradients.of(Nd4j.createFromArray(J)));
        }
        String[] lines = text.toString().split("\n");
        assertEquals(3, lines.length);
        assertEquals("step,solver,converged,iterations,residual,direction_norm,w_0,w_1,norm_0,norm_1,cos_0_1", lines[0]);
        String[] row = lines[2].split(",");
        assertEquals("1", row[0]);
        assertEquals("closed-form", row[1]);
        assertEquals(Math.sqrt(18), Double.parseDouble(row[8]), 1e-12);
        assertEquals(-22 / Math.sqrt(18 * 38), Double.parseDouble(row[10]), 1e-12);
    }

    @Test
    void methodsWithoutAGramMatrixLeaveNormsEmptyAndFilesAreWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trace.csv");
        try (WeightTraceWriter trace = WeightTraceWriter.open(file)) {
            GradientCombiner c = new LossWeightingCombiner(new TestWeightings.GrowingLossWeighting()).withListener(trace);
            c.combine(TaskGradients.of(Nd4j.createFromArray(J)), TaskLosses.of(1, 2));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).endsWith(",,"), lines.get(1));
        assertTrue(lines.get(1).startsWith("0,growing,true,1,0.0,"), lines.get(1));
    }

    @Test
    void listenersSeeStepsInOrderAndAChangeOfKIsRejected() {
        List<Long> steps = new ArrayList<>();
        GradientCombiner c = new GramCombiner(new TestWeightings.NormalizedMean()).withListener((s, x) -> steps.add(s));
        for (int i = 0; i < 3; i++) {
            c.combine(TaskGradients.of(Nd4j.rand(DataType.DOUBLE, 2, 4)));
        }
        assertEquals(List.of(0L, 1L, 2L), steps);
        WeightTraceWriter trace = WeightTraceWriter.to(new StringWriter(), false);
        GradientCombiner traced = new GramCombiner(new TestWeightings.NormalizedMean()).withListener(trace);
        traced.combine(TaskGradients.of(Nd4j.rand(DataType.DOUBLE, 2, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> traced.combine(TaskGradients.of(Nd4j.rand(DataType.DOUBLE, 3, 4))));
        assertTrue(e.getMessage().contains("K = 2") && e.getMessage().contains("K = 3"), e.getMessage());
    }
}
