package org.mto4j.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What the README promises about logging: the examples run quietly (no SLF4J "no binding" lines, no ND4J banner),
 * one system property turns on mto4j's debug logging, and the library modules never print.
 */
class LoggingTest {

    private static final String DEMO = "org.mto4j.examples.CombinerDemo";
    private static final List<String> LIBRARY_MODULES = List.of("mto-core", "mto-optimizers", "mto-pareto",
            "mto-training");
    private static final Pattern PRINTING = Pattern.compile("System\\.(out|err)\\b|\\.printStackTrace\\(");
    /** Library classes whose job is the terminal, which a user attaches on purpose (besides 'cli' packages). */
    private static final Set<String> TERMINAL_CLASSES = Set.of(
            "mto-training/src/main/java/org/mto4j/training/sweep/ProgressBarListener.java", // draws a progress bar
            // swaps standard output for a filter while SameDiff builds a gradient function (prints nothing itself)
            "mto-training/src/main/java/org/mto4j/training/samediff/QuietGradients.java");

    @Test
    void theExamplesPrintTheirOutputAndNoLoggingNoise() throws IOException, InterruptedException {
        TestJvm.Result r = TestJvm.run(Repository.root(), List.of(), List.of(), DEMO, "3", "100", "1");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.stdout().startsWith("mto4j: "), r.output());
        assertFalse(r.stderr().contains("SLF4J:"), "SLF4J complains about its binding:\n" + r.output());
        assertFalse(r.stderr().contains("org.nd4j"), "ND4J's banner is shown:\n" + r.output());
        assertEquals("", r.stderr().strip(), r.output());
    }

    @Test
    void oneSystemPropertyTurnsOnMto4jsDebugLogging() throws IOException, InterruptedException {
        // The README's words: run with -Dorg.slf4j.simpleLogger.log.org.mto4j=debug
        TestJvm.Result r = TestJvm.run(Repository.root(), List.of(),
                List.of("-Dorg.slf4j.simpleLogger.log.org.mto4j=debug"), DEMO, "3", "100", "1");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.stderr().contains("DEBUG org.mto4j.core.Combiners - registered "), r.output());
        assertTrue(r.stderr().contains("DEBUG org.mto4j.core.Combiners - created "), r.output());
        assertFalse(r.stderr().contains("org.nd4j"), "ND4J's banner is shown:\n" + r.output());
    }

    @Test
    void libraryModulesNeverPrint() throws IOException {
        // Library code logs through SLF4J; only command-line code (the 'cli' packages) writes to the console.
        List<String> offenders = new ArrayList<>();
        for (String module : LIBRARY_MODULES) {
            Path sources = Repository.root().resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String relative = Repository.root().relativize(file).toString().replace('\\', '/');
                    if (relative.contains("/cli/") || TERMINAL_CLASSES.contains(relative)) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    for (int i = 0; i < lines.size(); i++) {
                        if (PRINTING.matcher(lines.get(i)).find()) {
                            offenders.add(relative + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
