package org.mto4j.examples.docs;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The test JVM's class path, and child JVMs started with it: what the documentation tests compile against and
 * run their programs in.
 */
public final class TestJvm {

    /** How long a child JVM may run before it is killed and the test fails. */
    public static final long TIMEOUT_MINUTES = 10;

    private TestJvm() {
    }

    /** What a child JVM printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** {@return everything printed, for failure messages} */
        public String output() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /**
     * The class path of this JVM as a list of entries. Surefire starts tests with a manifest-only jar by default
     * (java.class.path is one jar whose manifest's Class-Path names the real entries); those are expanded here.
     */
    public static List<Path> classPath() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath();
            entries.add(path);
            entries.addAll(manifestClassPath(path));
        }
        return new ArrayList<>(entries);
    }

    private static List<Path> manifestClassPath(Path jar) {
        List<Path> entries = new ArrayList<>();
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            return entries;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return entries;
            }
            URI base = jar.toUri();
            for (String item : classPath.trim().split("\\s+")) {
                // Class-Path entries are URLs, relative to the jar or absolute (file:/...)
                entries.add(Path.of(base.resolve(URI.create(item))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar, e);
        }
        return entries;
    }

    /** The class path as one string for -classpath / -cp. */
    public static String classPathString(Path... first) {
        List<String> parts = new ArrayList<>();
        for (Path p : first) {
            parts.add(p.toString());
        }
        for (Path p : classPath()) {
            parts.add(p.toString());
        }
        return String.join(File.pathSeparator, parts);
    }

    /**
     * Runs {@code mainClass} in a new JVM with this JVM's class path (after {@code extraClassPath}), in
     * {@code workingDirectory}, and waits for it.
     *
     * @param jvmOptions options before the main class, e.g. system properties
     */
    public static Result run(Path workingDirectory, List<Path> extraClassPath, List<String> jvmOptions,
            String mainClass, String... args) throws IOException, InterruptedException {
        Path argFile = Files.createTempFile("mto4j-jvm", ".args");
        try {
            String cp = classPathString(extraClassPath.toArray(new Path[0]));
            // An argument file keeps a long class path off the command line (Windows limits it to 32 K).
            Files.writeString(argFile, "-cp \"" + cp.replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("@" + argFile);
            command.add("-Xmx2g");
            command.add("-Djava.awt.headless=true");
            command.addAll(jvmOptions);
            command.add(mainClass);
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                return new Result(-1, out.join(), err.join() + "\n(killed after " + TIMEOUT_MINUTES + " minutes)");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } finally {
            Files.deleteIfExists(argFile);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
