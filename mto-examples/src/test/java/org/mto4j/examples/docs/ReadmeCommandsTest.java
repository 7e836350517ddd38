package org.mto4j.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every command the README shows is run by CI: each {@code mvn} or {@code java} command line of README.md's
 * command blocks starts a command line of a script in .ci/ (which may add arguments: the smallest setting of the
 * main command, short benchmark iterations, a local repository of its own).
 */
class ReadmeCommandsTest {

    @Test
    void ciRunsEveryCommandOfTheReadme() throws IOException {
        Path root = Repository.root();
        List<String> readme = commands(Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8), true);
        assertTrue(readme.contains("mvn -B -ntp verify"), "the README's test command is gone: " + readme);
        List<String> ci = new ArrayList<>();
        try (Stream<Path> scripts = Files.list(root.resolve(".ci"))) {
            for (Path script : (Iterable<Path>) scripts.sorted()::iterator) {
                ci.addAll(commands(Files.readAllLines(script, StandardCharsets.UTF_8), false));
            }
        }
        assertTrue(ci.contains("mvn -B -ntp verify"), "CI must run the README's test command exactly: " + ci);
        List<String> missing = new ArrayList<>();
        for (String command : readme) {
            if (ci.stream().noneMatch(line -> line.equals(command) || line.startsWith(command + " "))) {
                missing.add(command);
            }
        }
        assertEquals(List.of(), missing, "README commands that .ci/ does not run; CI runs:\n" + String.join("\n", ci));
    }

    /**
     * The mvn and java command lines of a Markdown file's fenced blocks without a language (or of a script),
     * with backslash continuations joined and runs of blanks made one.
     */
    static List<String> commands(List<String> lines, boolean markdown) {
        List<String> commands = new ArrayList<>();
        boolean inFence = false;
        boolean inBlock = !markdown;
        StringBuilder current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (markdown && line.startsWith("```")) {
                inFence = !inFence;
                inBlock = inFence && line.equals("```");
                continue;
            }
            if (!inBlock) {
                continue;
            }
            if (current == null) {
                String command = line.startsWith("$ ") ? line.substring(2) : line;
                if (command.startsWith("mvn ") || command.startsWith("java ")) {
                    current = new StringBuilder(command);
                } else {
                    continue;
                }
            } else {
                current.append(' ').append(line);
            }
            if (current.toString().endsWith("\\")) {
                current.setLength(current.length() - 1);
            } else {
                commands.add(current.toString().replaceAll("\\s+", " ").strip());
                current = null;
            }
        }
        return commands;
    }
}
