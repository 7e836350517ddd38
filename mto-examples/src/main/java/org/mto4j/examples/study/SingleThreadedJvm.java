package org.mto4j.examples.study;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Starts the study in a new JVM whose ND4J runs every operation on one thread, when this JVM's does not.
 * <pre>
 *   OMP_NUM_THREADS = 1 in the environment    →  run here
 *   otherwise                                →  java -cp &lt;this class path&gt; [-D org.slf4j.* of this JVM]
 *                                                 -XX:+UseParallelGC &lt;Spark's JVM options&gt; &lt;main class&gt; &lt;args&gt;
 *                                               with OMP_NUM_THREADS=1, the terminal inherited, its exit code
 * </pre>
 * Why: a study trains one run per core, each on one thread. ND4J sizes the thread pool of its reductions once, from
 * {@code OMP_NUM_THREADS}, when it loads, and nothing in the JVM can change it afterwards (see mto-training's
 * {@code Nd4jThreads}); with the default pool every step of the study's small model ran 4–7 times slower on the
 * project's 2-core machine. The README's command runs the study inside Maven's JVM ({@code exec:java}), whose
 * environment a pom cannot set, hence a child process.
 *
 * <p>The class path is the one that loaded this class: the URLs of Maven's class loader under {@code exec:java},
 * {@code java.class.path} otherwise. The child dies with its parent: a shutdown hook of the parent destroys it
 * (Ctrl-C, kill), and the child stops as soon as it sees the parent gone (a parent killed with SIGKILL runs no
 * hooks). Parallel GC: the training allocates many short-lived ND4J objects, and the parallel collector spent the
 * least CPU on them in our measurements. Spark's JVM options ({@code --add-opens ...}, the parent pom's
 * {@code spark.jvm.options}, copied into {@value #SPARK_JVM_OPTIONS} by the build) let {@code --spark} run there.
 */
final class SingleThreadedJvm {
    static final String THREADS_VARIABLE = "OMP_NUM_THREADS";
    /** System property naming the parent's process id, given to the child. */
    static final String PARENT_PID = "mto4j.study.parentPid";
    private static final String LOGGING_PREFIX = "org.slf4j.";
    /** Resource holding the options a JVM that runs Spark needs on Java 17, separated by blanks. */
    static final String SPARK_JVM_OPTIONS = "spark-jvm-options.txt";

    private SingleThreadedJvm() {
    }

    /** True when ND4J in this JVM runs single-threaded (the environment says so). */
    static boolean isSingleThreaded() {
        return "1".equals(System.getenv(THREADS_VARIABLE));
    }

    /** In a child started by {@link #run}: stops this JVM when the parent process ends. */
    static void exitWithParent() {
        String pid = System.getProperty(PARENT_PID);
        if (pid != null) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(1)),
                    () -> Runtime.getRuntime().halt(1));
        }
    }

    /**
     * Runs {@code mainClass} with {@code args} in a single-threaded child JVM and waits for it.
     *
     * @return the child's exit code
     */
    static int run(Class<?> mainClass, String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-cp");
        command.add(classPath(mainClass));
        Properties properties = System.getProperties();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(LOGGING_PREFIX)) {
                command.add("-D" + name + "=" + properties.getProperty(name));
            }
        }
        command.add("-D" + PARENT_PID + "=" + ProcessHandle.current().pid());
        command.add("-XX:+UseParallelGC");
        command.addAll(sparkJvmOptions());
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> environment = builder.environment();
        environment.put(THREADS_VARIABLE, "1");
        Process child = builder.start();
        Thread reaper = new Thread(child::destroy, "mto4j-study-child-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            return child.waitFor();
        } finally {
            child.destroy();
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** The options a JVM that runs Spark needs on Java 17 (docs/scale-out.md lists them). */
    static List<String> sparkJvmOptions() throws IOException {
        try (InputStream in = SingleThreadedJvm.class.getResourceAsStream(SPARK_JVM_OPTIONS)) {
            if (in == null) {
                throw new IllegalStateException("the build did not copy " + SPARK_JVM_OPTIONS);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return List.of(text.split("\\s+"));
        }
    }

    /** The class path that loaded {@code mainClass}. */
    static String classPath(Class<?> mainClass) {
        if (mainClass.getClassLoader() instanceof URLClassLoader loader && loader.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new IllegalStateException("cannot turn the class path entry " + url + " into a file", e);
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }
}
