package org.mto4j.pareto.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.eval.ResultsTable;
import org.mto4j.pareto.eval.Split;

class CsvTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void pointsRoundTripAtomically() throws IOException {
        Path in = file("p.csv", "label,a,b\n\"x, y\",1,2\n# comment\n\nz,3.5,-4e-3\n");
        PointSetCsv.Data d = PointSetCsv.read(in, List.of("b", "a"));
        assertEquals(List.of("b", "a"), d.names());
        assertArrayEquals(new double[] {2, 1}, d.points()[0]);
        assertArrayEquals(new double[] {-4e-3, 3.5}, d.points()[1]);
        Path out = dir.resolve("sub/out.csv");
        PointSetCsv.write(out, d.names(), d.points(), "index", new int[] {4, 7});
        assertEquals("index,b,a\n4,2.0,1.0\n7,-0.004,3.5\n", Files.readString(out));
        try (var files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(out)));
        }
    }

    @Test
    void malformedInputNamesLineAndColumn() throws IOException {
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> PointSetCsv.read(file("bad.csv", "a,b\n1,2\n3,oops\n")));
        assertEquals(3, e.line());
        assertEquals(2, e.column());
        assertTrue(e.getMessage().contains("line 3, column 2"), e.getMessage());
        e = assertThrows(CsvFormatException.class, () -> PointSetCsv.read(file("ragged.csv", "a,b\n1,2\n3\n")));
        assertEquals(3, e.line());
        e = assertThrows(CsvFormatException.class, () -> PointSetCsv.read(file("nan.csv", "a,b\n1,NaN\n")));
        assertEquals(2, e.column());
        e = assertThrows(CsvFormatException.class, () -> PointSetCsv.read(file("q.csv", "a,b\n\"1,2\n")));
        assertTrue(e.getMessage().contains("unterminated"), e.getMessage());
    }

    @Test
    void resultsTableRoundTrip() throws IOException {
        Path in = Path.of("src/test/resources/example-results.csv");
        ResultsTable t = ResultsCsv.read(in, Sense.MINIMIZE.times(2));
        assertEquals(List.of("left", "right"), t.tasks());
        assertEquals(List.of("ls", "pcgrad", "mgda", "uw"), t.methods());
        assertEquals(41, t.size());
        assertEquals(0, t.runs().get(27).taskWeights().length);
        Path out = dir.resolve("copy.csv");
        ResultsCsv.write(out, t);
        ResultsTable back = ResultsCsv.read(out, Sense.MINIMIZE.times(2));
        assertEquals(t.runs(), back.runs());
        assertArrayEquals(t.points(Split.TRAIN)[5], back.points(Split.TRAIN)[5]);
    }

    @Test
    void malformedResults() throws IOException {
        String header = "method,learning_rate,weight_decay,seed,test:a,test:b\n";
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> ResultsCsv.read(
                file("r1.csv", header + "ls,0.1,0,x,1,2\n"), Sense.MINIMIZE.times(2)));
        assertEquals(2, e.line());
        assertEquals(4, e.column());
        e = assertThrows(CsvFormatException.class, () -> ResultsCsv.read(
                file("r2.csv", header + "ls,-0.1,0,1,1,2\n"), Sense.MINIMIZE.times(2)));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
        e = assertThrows(CsvFormatException.class, () -> ResultsCsv.read(
                file("r3.csv", "method,seed,test:a\n"), Sense.MINIMIZE.times(1)));
        assertTrue(e.getMessage().contains("learning_rate"), e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> ResultsCsv.read(
                file("r4.csv", header), Sense.MINIMIZE.times(3)));
        assertTrue(s.getMessage().contains("[a, b]"), s.getMessage());
    }

    @Test
    void sweepFilesKeepOkRowsAndIgnoreExtraColumns() throws IOException {
        String text = "method,learning_rate,weight_decay,seed,weight:a,weight:b,train:a,train:b,validation:a,"
                + "validation:b,test:a,test:b,status,steps,seconds,run_id,message\n"
                + "static,0.01,0.0,1,0.25,0.75,0.5,0.25,0.625,0.375,0.75,0.5,ok,40,0.125,0f3a,\n"
                + "mgda,0.01,0.0,1,,,,,,,,,failed,0,0.5,9b1c,\"java.lang.IllegalStateException: boom, at step 3\"\n"
                + "mgda,0.01,0.0,1,,,1.5,1.25,1.75,1.625,2.0,1.5,ok,40,0.25,9b1c,\n";
        ResultsTable t = ResultsCsv.read(file("sweep.csv", text), Sense.MINIMIZE.times(2));
        assertEquals(2, t.size());
        assertEquals(List.of("static", "mgda"), t.methods());
        assertArrayEquals(new double[] {0.25, 0.75}, t.runs().get(0).taskWeights());
        assertArrayEquals(new double[] {0.5, 0.25}, t.runs().get(0).metrics(Split.TRAIN));
        assertArrayEquals(new double[] {0.75, 0.5}, t.runs().get(0).metrics(Split.TEST));
        assertEquals(0, t.runs().get(1).taskWeights().length);
        assertArrayEquals(new double[] {2.0, 1.5}, t.runs().get(1).metrics(Split.TEST));
        // without a status column the same failed row is an error: its test cells are empty
        String noStatus = "method,learning_rate,weight_decay,seed,test:a,test:b\nmgda,0.01,0,1,,\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultsCsv.read(file("nostatus.csv", noStatus), Sense.MINIMIZE.times(2)));
        assertTrue(e.getMessage().contains("test metrics"), e.getMessage());
    }
}
