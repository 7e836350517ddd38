package org.mto4j.training.samediff;

import java.io.PrintStream;
import java.nio.charset.Charset;

import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Creates a SameDiff gradient function without the line SameDiff 1.0.0-M2.1 prints to standard output for every
 * op it differentiates ({@code "Added differentiated op ..."}, unconditional, in {@code createGradFunction}).
 *
 * <p>For the duration of the call, standard output is a stream that drops exactly those lines and passes
 * everything else, from every thread, to the previous stream. Calls are serialised by one lock, so two threads
 * never swap the stream under each other; the previous stream is put back unless someone replaced it meanwhile.
 * Nothing here prints.
 */
final class QuietGradients {

    static final String PREFIX = "Added differentiated op ";

    private static final Object LOCK = new Object();

    private QuietGradients() {
    }

    static void createGradFunction(SameDiff graph) {
        synchronized (LOCK) {
            PrintStream previous = System.out;
            PrintStream filter = new Filter(previous);
            System.setOut(filter);
            try {
                graph.createGradFunction();
            } finally {
                if (System.out == filter) {
                    System.setOut(previous);
                }
            }
        }
    }

    /** Drops SameDiff's per-op lines; everything else goes to the target, text methods without re-encoding. */
    private static final class Filter extends PrintStream {
        private final PrintStream target;

        Filter(PrintStream target) {
            super(target, true, stdoutCharset());
            this.target = target;
        }

        private static Charset stdoutCharset() {
            String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
            try {
                return name == null ? Charset.defaultCharset() : Charset.forName(name);
            } catch (IllegalArgumentException e) {
                return Charset.defaultCharset();
            }
        }

        @Override
        public void println(String x) {
            if (x == null || !x.startsWith(PREFIX)) {
                target.println(x);
            }
        }

        @Override
        public void println(Object x) {
            target.println(x);
        }

        @Override
        public void print(String s) {
            target.print(s);
        }

        @Override
        public void write(int b) {
            target.write(b);
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            target.write(buf, off, len);
        }

        @Override
        public void flush() {
            target.flush();
        }

        @Override
        public void close() {
            // never close the real stdout
        }
    }
}
