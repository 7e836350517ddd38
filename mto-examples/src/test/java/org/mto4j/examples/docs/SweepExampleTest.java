package org.mto4j.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the "Sweeps" section of docs/training.md says of its example beyond what {@link DocSnippetsTest} checks of
 * every block (it compiles and its main ends normally): run twice on one results file, the second run resumes,
 * trains nothing and prints the same comparison; and the result rows the section quotes are rows the example
 * writes (but for the wall-clock {@code seconds}).
 */
class SweepExampleTest {

    private static final String TYPE = "SweepExample";

    @TempDir
    Path temp;

    @Test
    void theSweepExampleWritesTheQuotedRowsAndResumes() throws IOException, InterruptedException {
        Path doc = Repository.root().resolve("docs").resolve("training.md");
        JavaBlock block = JavaBlock.read(doc).stream()
                .filter(b -> b.isCompilationUnit() && b.typeName().equals(TYPE)).findFirst()
                .orElseThrow(() -> new AssertionError("docs/training.md has no ```java block declaring " + TYPE));
        Path classes = DocSnippetsTest.compile(block, temp.resolve("build"));
        Path run = Files.createDirectories(temp.resolve("run"));
        Path results = run.resolve("sweep-results.csv");

        String first = runExample(run, classes, results);
        assertTrue(first.contains("28 runs done, 28 trained now, 0 failed"), first);
        assertTrue(first.contains("mgda") && first.contains("upgrad"), first);
        List<String> written = Files.readAllLines(results);
        assertEquals(29, written.size(), "a header and 28 rows");
        List<String> quoted = quotedRows(Files.readString(doc));
        assertEquals(written.get(0), quoted.get(0), "the header");
        for (String row : quoted.subList(1, quoted.size())) {
            assertTrue(written.stream().anyMatch(w -> withoutSeconds(w).equals(withoutSeconds(row))),
                    "docs/training.md quotes a row the example does not write: " + row);
        }

        String second = runExample(run, classes, results);
        assertTrue(second.contains("28 runs done, 0 trained now, 0 failed"), second);
        assertEquals(first.substring(first.indexOf('\n')), second.substring(second.indexOf('\n')),
                "the same comparison from the same file");
        assertEquals(written, Files.readAllLines(results), "the resumed run appends nothing");
    }

    private static String runExample(Path dir, Path classes, Path results) throws IOException, InterruptedException {
        TestJvm.Result r = TestJvm.run(dir, List.of(classes), List.of(), TYPE, results.toString());
        assertEquals(0, r.exitCode(), r.output());
        return r.stdout();
    }

    /** The results block after the "Sweeps" heading: the header line and the rows. */
    private static List<String> quotedRows(String doc) {
        int section = doc.indexOf("\n## Sweeps");
        assertTrue(section >= 0, "docs/training.md has a Sweeps section");
        int block = doc.indexOf("```\nmethod,", section) + 4;
        assertTrue(block >= 4, "the Sweeps section quotes a results file");
        return List.of(doc.substring(block, doc.indexOf("```", block)).split("\n"));
    }

    /** The row without its seconds column (the 15th of 17 for two tasks). */
    private static List<String> withoutSeconds(String row) {
        List<String> fields = new ArrayList<>(List.of(row.split(",", -1)));
        fields.remove(14);
        return fields;
    }
}
