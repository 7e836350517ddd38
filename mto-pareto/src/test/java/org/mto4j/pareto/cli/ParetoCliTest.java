package org.mto4j.pareto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParetoCliTest {
    private static final String RESULTS = "src/test/resources/example-results.csv";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ParetoCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void frontRanksAndHypervolume() throws IOException {
        Path points = dir.resolve("p.csv");
        Files.writeString(points, "a,b\n1,3\n2,2\n3,1\n3,3\n2,2\n");
        assertEquals(0, run("front", points.toString(), "-s", "min,min", "--keep-first"));
        assertEquals("index,a,b\n0,1.0,3.0\n1,2.0,2.0\n2,3.0,1.0\n", out.toString().replace("\r", ""));
        out.getBuffer().setLength(0);
        assertEquals(0, run("hv", points.toString(), "-s", "min,min", "-r", "4,4"));
        assertTrue(out.toString().startsWith("hypervolume 6.0"), out.toString());
        Path ranks = dir.resolve("ranks.csv");
        assertEquals(0, run("ranks", points.toString(), "-s", "min,min", "-o", ranks.toString()));
        assertTrue(Files.readString(ranks).contains("\n3,1,"), Files.readString(ranks));
        Path png = dir.resolve("front.png");
        assertEquals(0, run("front", points.toString(), "-s", "min,min", "--plot", png.toString()));
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void compareAndRankUtilitiesOnTheExample() throws IOException {
        Path csv = dir.resolve("cmp.csv");
        Path png = dir.resolve("cmp.png");
        assertEquals(0, run("compare", RESULTS, "-s", "min,min", "--scalarization", "ls", "-o", csv.toString(),
                "--plot", png.toString()), err.toString());
        assertTrue(out.toString().contains("9 runs, 7 supported"), out.toString());
        assertEquals(42, Files.readAllLines(csv).size());
        assertTrue(Files.size(png) > 1000);
        out.getBuffer().setLength(0);
        assertEquals(0, run("rank-utilities", RESULTS, "-s", "min,min", "--divisions", "100"), err.toString());
        assertTrue(out.toString().contains("101 weightings"), out.toString());
    }

    @Test
    void badInputExitsWithTwoAndAMessage() throws IOException {
        Path points = dir.resolve("bad.csv");
        Files.writeString(points, "a,b\n1,x\n");
        assertEquals(2, run("front", points.toString(), "-s", "min,min"));
        assertTrue(err.toString().contains("line 2, column 2"), err.toString());
        assertEquals(2, run("hv", points.toString(), "-s", "min,sideways", "-r", "1,1"));
        assertTrue(err.toString().contains("sideways"), err.toString());
    }
}
