package org.mto4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/**
 * The JVM options of docs/scale-out.md are the ones the build gives the tests, and all of them are Spark's own
 * (SparkSweepKillTest starts a Spark driver with exactly the documented options).
 */
class SparkJvmOptionsTest {

    @Test
    void documentedOptionsAreTheBuildsAndSparksOwn() throws Exception {
        List<String> documented = SparkJvmOptions.documented();
        assertFalse(documented.isEmpty());
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> sparkOwn = List.of(JavaModuleOptions.defaultModuleOptionArray());
        for (String option : documented) {
            assertTrue(jvm.contains(option), "the build gives the tests " + option + ": " + jvm);
            assertTrue(sparkOwn.contains(option), option + " is one of Spark's JavaModuleOptions: " + sparkOwn);
        }
        List<String> opensOfTheBuild = jvm.stream().filter(o -> o.startsWith("--add-opens"))
                .collect(Collectors.toList());
        assertEquals(opensOfTheBuild, documented.stream().filter(o -> o.startsWith("--add-opens"))
                .collect(Collectors.toList()), "the build opens exactly the documented packages");
    }
}
