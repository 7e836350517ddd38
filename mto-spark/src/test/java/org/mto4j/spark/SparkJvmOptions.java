package org.mto4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JVM options that docs/scale-out.md tells users to give a JVM that runs Spark, read from the page itself. */
final class SparkJvmOptions {
    /** The page; the tests run in the module's directory. */
    static final Path PAGE = Path.of("..", "docs", "scale-out.md");
    /** The line just before the options' code block. */
    static final String MARKER = "<!-- jvm-options: tested by SparkJvmOptionsTest and SparkSweepKillTest -->";

    private SparkJvmOptions() {
    }

    /** The options of the page's code block after {@link #MARKER}, one per line. */
    static List<String> documented() throws IOException {
        List<String> lines = Files.readAllLines(PAGE);
        int start = lines.indexOf(MARKER);
        if (start < 0 || !lines.get(start + 1).startsWith("```")) {
            throw new IllegalStateException(PAGE + " has no code block after " + MARKER);
        }
        List<String> options = new ArrayList<>();
        for (String line : lines.subList(start + 2, lines.size())) {
            if (line.startsWith("```")) {
                return options;
            }
            options.add(line.strip().replaceAll("\\s*\\\\$", ""));
        }
        throw new IllegalStateException(PAGE + ": the code block after " + MARKER + " is not closed");
    }
}
