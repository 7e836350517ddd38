package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.io.ResultsCsv;

/**
 * The example of the "Sweeps" section of docs/training.md: src/test/java/SweepExample.java is an identical copy of
 * its java block (checked here), compiled with the tests and run here, twice: the second run resumes and trains
 * nothing.
 */
class SweepExampleTest {
    @TempDir
    Path dir;

    @Test
    void docsExampleIsThisFile() throws Exception {
        String doc = Files.readString(Path.of("../docs/training.md"));
        int section = doc.indexOf("\n## Sweeps");
        assertTrue(section >= 0, "docs/training.md has a Sweeps section");
        int start = doc.indexOf("```java\n", section) + "```java\n".length();
        int end = doc.indexOf("```\n", start);
        assertEquals(Files.readString(Path.of("src/test/java/SweepExample.java")), doc.substring(start, end));
    }

    @Test
    void exampleRunsAndResumes() throws Exception {
        Path results = dir.resolve("sweep-results.csv");
        String first = runMain(results);
        assertTrue(first.contains("28 runs done, 28 trained now, 0 failed"), first);
        assertTrue(first.contains("mgda") && first.contains("upgrad"), first);
        assertEquals(28, ResultsCsv.read(results, Sense.MINIMIZE.times(2)).size());
        // the rows quoted in the docs are rows of this file (the timing column aside)
        String doc = Files.readString(Path.of("../docs/training.md"));
        int block = doc.indexOf("```\nmethod,", doc.indexOf("\n## Sweeps")) + 4;
        List<String> quoted = List.of(doc.substring(block, doc.indexOf("```", block)).split("\n"));
        List<String> written = Files.readAllLines(results);
        assertEquals(written.get(0), quoted.get(0));
        for (String row : quoted.subList(1, quoted.size())) {
            assertTrue(written.stream().anyMatch(w -> withoutSeconds(w).equals(withoutSeconds(row))), row);
        }
        String second = runMain(results);
        assertTrue(second.contains("28 runs done, 0 trained now, 0 failed"), second);
        assertEquals(first.substring(first.indexOf('\n')), second.substring(second.indexOf('\n')),
                "the same comparison from the same file");
    }

    /** The row without its seconds column (the 15th of 17 for two tasks). */
    private static List<String> withoutSeconds(String row) {
        List<String> fields = new java.util.ArrayList<>(List.of(row.split(",", -1)));
        fields.remove(14);
        return fields;
    }

    private static String runMain(Path results) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Class.forName("SweepExample").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {results.toString()});
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
