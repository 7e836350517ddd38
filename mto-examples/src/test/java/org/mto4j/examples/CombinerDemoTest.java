package org.mto4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;

/**
 * The combiner demo (every registered method on one random conflicting J), an example beside the study. (The
 * README's code blocks are compiled and run by {@link org.mto4j.examples.docs.DocSnippetsTest}.)
 */
class CombinerDemoTest {

    @Test
    void demoPrintsEveryRegisteredMethod() {
        String report = CombinerDemo.run(3, 1000, 7);
        for (String name : Combiners.names()) {
            assertTrue(report.contains("\n" + name + " "), "demo report lacks " + name + ":\n" + report);
        }
        assertEquals(Combiners.names().size() + 2, report.split("\n").length, report);
    }
}
