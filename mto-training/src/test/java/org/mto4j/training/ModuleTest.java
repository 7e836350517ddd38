package org.mto4j.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The module's shape: a SameDiff user does not need deeplearning4j-nn (an optional dependency). */
class ModuleTest {

    @Test
    void onlyTheDl4jPackageReferencesDl4j() throws IOException {
        Path classes = Paths.get("target", "classes", "org", "mto4j", "training");
        List<String> offenders = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                if (f.getParent().endsWith("dl4j")) {
                    continue;
                }
                checked++;
                // Class names in the constant pool are plain UTF-8: a reference to DL4J shows as this prefix.
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                if (bytes.contains("org/deeplearning4j")) {
                    offenders.add(classes.relativize(f).toString());
                }
            }
        }
        assertTrue(checked > 10, "found the compiled classes (" + checked + ")");
        assertTrue(offenders.isEmpty(), "classes outside org.mto4j.training.dl4j reference DL4J: " + offenders);
    }
}
