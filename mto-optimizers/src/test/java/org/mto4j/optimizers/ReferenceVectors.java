package org.mto4j.optimizers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the outputs recorded from LibMTL and TorchJD on fixed Jacobians ({@code src/test/resources/refvectors}, format
 * and provenance in that folder's README): one file per (library, method variant), each a list of cases, each case
 * one to three steps applied in order to one instance of the method.
 */
final class ReferenceVectors {

    /** One step of a case: the input J (K x P), the losses (or null), the injected state (JSON or null), outputs. */
    record Step(double[][] jacobian, double[] losses, String stateJson, double[] direction, double[] weights) {

        /** ‖J‖_F, the scale of the absolute tolerance. */
        double frobeniusNorm() {
            double s = 0;
            for (double[] row : jacobian) {
                for (double v : row) {
                    s += v * v;
                }
            }
            return Math.sqrt(s);
        }
    }

    /** One case: an id, its family, K, P, whether the reference output is itself unstable, and its steps. */
    record Case(String id, String family, int numTasks, int numParams, boolean illConditioned, List<Step> steps) {
        @Override
        public String toString() {
            return id;
        }
    }

    /** A whole file: the file stem (e.g. {@code torchjd-UPGrad}), library, steps per case, order, cases. */
    record File(String method, String library, int stepsPerCase, String order, List<Case> cases) {
    }

    private ReferenceVectors() {
    }

    /** Every file stem in the resources folder, from its {@code index.txt} (41 files). */
    static List<String> stems() {
        List<String> stems = new ArrayList<>();
        try (InputStream in = ReferenceVectors.class.getResourceAsStream("/refvectors/index.txt")) {
            if (in == null) {
                throw new IllegalStateException("refvectors/index.txt is missing from the test resources");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        stems.add(line.trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stems;
    }

    /** Reads {@code refvectors/<stem>.vec.gz}. */
    static File read(String stem) {
        List<String> lines = readLines(stem + ".vec.gz", true);
        int at = 0;
        String[] header = lines.get(at++).split(" ");
        require(header.length == 8 && header[0].equals("method") && header[2].equals("library")
                && header[4].equals("steps") && header[6].equals("order"), stem, 1, "bad header");
        String method = header[1];
        String library = header[3];
        int steps = Integer.parseInt(header[5]);
        String order = header[7];
        List<Case> cases = new ArrayList<>();
        while (at < lines.size()) {
            String line = lines.get(at);
            if (line.isBlank()) {
                at++;
                continue;
            }
            String[] c = line.split(" ");
            require(c.length == 10 && c[0].equals("case") && c[2].equals("family") && c[4].equals("K")
                    && c[6].equals("P") && c[8].equals("ill"), stem, at + 1, "expected a case line");
            int k = Integer.parseInt(c[5]);
            int p = Integer.parseInt(c[7]);
            at++;
            List<Step> caseSteps = new ArrayList<>();
            for (int s = 0; s < steps; s++) {
                double[] flat = numbers(lines.get(at), "J", k * p, stem, at + 1);
                double[][] j = new double[k][p];
                for (int i = 0; i < k; i++) {
                    System.arraycopy(flat, i * p, j[i], 0, p);
                }
                double[] losses = numbers(lines.get(at + 1), "L", k, stem, at + 2);
                String state = rest(lines.get(at + 2), "S", stem, at + 3);
                double[] direction = numbers(lines.get(at + 3), "D", p, stem, at + 4);
                double[] weights = numbers(lines.get(at + 4), "W", k, stem, at + 5);
                require(lines.get(at + 5).equals("end"), stem, at + 6, "expected 'end'");
                caseSteps.add(new Step(j, losses, state, direction, weights));
                at += 6;
            }
            cases.add(new Case(c[1], c[3], k, p, c[9].equals("1"), List.copyOf(caseSteps)));
        }
        return new File(method, library, steps, order, List.copyOf(cases));
    }

    /** The numbers after a tag, or null for "-". */
    private static double[] numbers(String line, String tag, int count, String stem, int lineNo) {
        String rest = rest(line, tag, stem, lineNo);
        if (rest == null) {
            return null;
        }
        String[] parts = rest.split(" ");
        require(parts.length == count, stem, lineNo, tag + " must hold " + count + " numbers, got " + parts.length);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = Double.parseDouble(parts[i]);
        }
        return values;
    }

    private static String rest(String line, String tag, String stem, int lineNo) {
        require(line.startsWith(tag + " "), stem, lineNo, "expected a " + tag + " line");
        String rest = line.substring(tag.length() + 1).trim();
        return rest.equals("-") ? null : rest;
    }

    private static void require(boolean ok, String stem, int lineNo, String what) {
        if (!ok) {
            throw new IllegalStateException("refvectors/" + stem + ".vec.gz line " + lineNo + ": " + what);
        }
    }

    private static List<String> readLines(String resource, boolean gzip) {
        try (InputStream raw = ReferenceVectors.class.getResourceAsStream("/refvectors/" + resource)) {
            if (raw == null) {
                throw new IllegalStateException("refvectors/" + resource + " is missing from the test resources");
            }
            InputStream in = gzip ? new GZIPInputStream(raw) : raw;
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
