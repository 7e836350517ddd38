package org.mto4j.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository the tests run in: its root and its documentation files. */
public final class Repository {

    private Repository() {
    }

    /** {@return the repository root: the nearest directory upwards with README.md, docs/ and .ci/} */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))
                    && Files.isDirectory(dir.resolve(".ci"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (README.md, docs/, .ci/) above "
                + Path.of("").toAbsolutePath());
    }

    /**
     * A working directory for programs that read the repository's files by relative paths but must not leave
     * files in it: every top-level entry of the repository (but .git) appears in {@code dir} as a symbolic link,
     * and a new file lands in {@code dir}. Where links cannot be made, the repository root itself.
     *
     * @param dir an empty directory
     * @return {@code dir}, or the root
     */
    public static Path sandbox(Path dir) {
        Path root = root();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (!entry.getFileName().toString().equals(".git")) {
                    Files.createSymbolicLink(dir.resolve(entry.getFileName().toString()), entry);
                }
            }
            return dir;
        } catch (IOException | UnsupportedOperationException e) {
            return root;
        }
    }

    /** {@return README.md and every docs/*.md, sorted} */
    public static List<Path> markdownFiles() {
        Path root = root();
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
