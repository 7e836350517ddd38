package org.mto4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.mto4j.pareto.io.Csv;

/**
 * A quiet Spark configuration for tests, and reading a column of a results file. The sweep and the file
 * comparisons are mto-training's ({@code SweepFixtures}, in its test-jar).
 */
final class SparkFixtures {
    private SparkFixtures() {
    }

    /** A configuration for tests: this master, no web UI (no port, faster start). */
    static SparkConf conf(String master) {
        return new SparkConf().setMaster(master).setAppName("mto4j test").set("spark.ui.enabled", "false");
    }

    /** The value of a column in every row (in file order). */
    static List<String> column(Path file, String name) {
        List<Csv.Line> lines = Csv.parse(file);
        int c = Arrays.asList(lines.get(0).fields()).indexOf(name);
        List<String> values = new ArrayList<>();
        for (Csv.Line line : lines.subList(1, lines.size())) {
            values.add(line.fields()[c]);
        }
        return values;
    }
}
