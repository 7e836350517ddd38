package org.mto4j.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and docs/*.md is compiled against the test class path (every mto4j
 * module, ND4J's CPU backend, JUnit) and its {@code main} is run in a new JVM, so the documentation cannot drift
 * from the code. The program's working directory shows the repository's files ({@link Repository#sandbox}), so
 * relative paths such as {@code mto-pareto/src/test/resources/example-results.csv} work, and the files it writes
 * go to a temporary directory. The convention for blocks is in {@link JavaBlock} and CONTRIBUTING.md.
 */
class DocSnippetsTest {

    /** Name of the class generated around a snippet. */
    static final String SNIPPET_CLASS = "DocSnippet";

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> everyJavaBlockInTheDocsCompilesAndRuns() throws IOException {
        List<JavaBlock> blocks = new ArrayList<>();
        for (Path file : Repository.markdownFiles()) {
            blocks.addAll(JavaBlock.read(file));
        }
        assertTrue(blocks.stream().anyMatch(b -> b.file().getFileName().toString().equals("README.md")),
                "README.md has no ```java block: " + blocks);
        return blocks.stream().map(b -> dynamicTest(b.location(), () -> compileAndRun(b)));
    }

    private void compileAndRun(JavaBlock block) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(temp.resolve(block.location().replaceAll("[^A-Za-z0-9]", "_")));
        Path classes = compile(block, dir);
        if (!block.hasMain()) {
            return;
        }
        Path workingDirectory = Repository.sandbox(Files.createDirectories(dir.resolve("run")));
        TestJvm.Result result = TestJvm.run(workingDirectory, List.of(classes), List.of(), source(block).typeName);
        if (result.exitCode() != 0) {
            fail(block.location() + ": the program failed, " + result.output());
        }
    }

    /**
     * Writes a block's Java source under {@code dir} and compiles it; a compile error fails the test with the
     * documentation's line numbers.
     *
     * @return the directory of the compiled classes (run {@code source(block).typeName()} from it)
     */
    static Path compile(JavaBlock block, Path dir) throws IOException {
        Source source = source(block);
        Path file = dir.resolve("src").resolve(source.typeName.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", source.lines) + "\n", StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        compile(file, classes, source);
        return classes;
    }

    /** The Java source for a block, and the documentation line each of its lines comes from (0: generated). */
    record Source(String location, String typeName, List<String> lines, List<Integer> docLines) {
    }

    static Source source(JavaBlock block) {
        List<String> lines = new ArrayList<>();
        List<Integer> docLines = new ArrayList<>();
        String[] code = block.code().split("\n", -1);
        if (block.isCompilationUnit()) {
            if (!block.imports().isEmpty() || !block.prelude().isEmpty() || !block.after().isEmpty()) {
                throw new IllegalStateException(block.location() + ": a complete compilation unit takes no "
                        + JavaBlock.PRELUDE + " or " + JavaBlock.AFTER + " comment");
            }
            for (int i = 0; i < code.length; i++) {
                add(lines, docLines, code[i], block.line() + i);
            }
            return new Source(block.location(), block.typeName(), lines, docLines);
        }
        for (String line : block.imports()) {
            add(lines, docLines, line, 0);
        }
        add(lines, docLines, "import static org.junit.jupiter.api.Assertions.*;", 0);
        add(lines, docLines, "public final class " + SNIPPET_CLASS + " {", 0);
        add(lines, docLines, "public static void main(String[] args) throws Exception {", 0);
        for (String line : block.prelude()) {
            add(lines, docLines, line, 0);
        }
        for (int i = 0; i < code.length; i++) {
            add(lines, docLines, code[i], block.line() + i);
        }
        for (String line : block.after()) {
            add(lines, docLines, line, 0);
        }
        add(lines, docLines, "}", 0);
        add(lines, docLines, "}", 0);
        return new Source(block.location(), SNIPPET_CLASS, lines, docLines);
    }

    private static void add(List<String> lines, List<Integer> docLines, String line, int docLine) {
        lines.add(line);
        docLines.add(docLine);
    }

    private static void compile(Path file, Path classes, Source source) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-classpath", TestJvm.classPathString(),
                    "-encoding", "UTF-8", "-proc:none");
            boolean ok = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(file)).call();
            if (!ok) {
                StringBuilder message = new StringBuilder(source.location() + ": does not compile:\n");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    int generated = (int) d.getLineNumber();
                    int doc = generated >= 1 && generated <= source.docLines().size()
                            ? source.docLines().get(generated - 1) : 0;
                    String where = doc > 0 ? "line " + doc : "generated line " + generated + " ("
                            + (generated >= 1 && generated <= source.lines().size()
                                    ? source.lines().get(generated - 1).strip() : "") + ")";
                    message.append("  ").append(where).append(": ").append(d.getKind().toString()
                            .toLowerCase(Locale.ROOT)).append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
                }
                fail(message.toString());
            }
        }
    }

    // The harness itself, on a Markdown file made for it.

    @TestFactory
    Stream<DynamicTest> theHarnessReadsPreludesChecksAndUnits() throws IOException {
        Path md = temp.resolve("example.md");
        Files.writeString(md, String.join("\n",
                "Text.",
                "<!-- java-prelude",
                "import java.util.List;",
                "int k = 2;",
                "-->",
                "```java",
                "List<Integer> tasks = List.of(k, k + 1);",
                "```",
                "<!-- java-after",
                "assertEquals(List.of(2, 3), tasks);",
                "-->",
                "",
                "```java",
                "package demo;",
                "",
                "public final class Hello {",
                "    public static void main(String[] args) {",
                "        System.out.println(\"hello\");",
                "    }",
                "}",
                "```",
                "```java",
                "record Point(double x, double y) {",
                "}",
                "```",
                ""), StandardCharsets.UTF_8);
        List<JavaBlock> blocks = JavaBlock.read(md);
        return Stream.of(
                dynamicTest("three blocks", () -> assertEquals(3, blocks.size())),
                dynamicTest("snippet", () -> {
                    JavaBlock b = blocks.get(0);
                    assertEquals(7, b.line());
                    assertEquals(List.of("import java.util.List;"), b.imports());
                    assertEquals(List.of("int k = 2;"), b.prelude());
                    assertEquals(List.of("assertEquals(List.of(2, 3), tasks);"), b.after());
                    assertFalse(b.isCompilationUnit());
                    compileAndRun(b);
                }),
                dynamicTest("unit with main", () -> {
                    JavaBlock b = blocks.get(1);
                    assertTrue(b.isCompilationUnit() && b.hasMain());
                    assertEquals("demo.Hello", b.typeName());
                    compileAndRun(b);
                }),
                dynamicTest("unit without main is compiled only", () -> {
                    JavaBlock b = blocks.get(2);
                    assertTrue(b.isCompilationUnit());
                    assertFalse(b.hasMain());
                    assertEquals("Point", b.typeName());
                    compileAndRun(b);
                }),
                dynamicTest("a failing check fails the test", () -> {
                    JavaBlock b = blocks.get(0);
                    JavaBlock wrong = new JavaBlock(b.file(), b.line(), b.code(), b.imports(), b.prelude(),
                            List.of("assertEquals(List.of(9), tasks);"));
                    AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                            () -> compileAndRun(wrong));
                    assertTrue(e.getMessage().contains("example.md:7: the program failed"), e.getMessage());
                }),
                dynamicTest("a compile error names the documentation line", () -> {
                    JavaBlock b = blocks.get(0);
                    JavaBlock broken = new JavaBlock(b.file(), b.line(), "int x = undefinedVariable;\n",
                            List.of(), List.of(), List.of());
                    AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                            () -> compileAndRun(broken));
                    assertTrue(e.getMessage().contains("example.md:7: does not compile")
                            && e.getMessage().contains("line 7: error: cannot find symbol"), e.getMessage());
                }));
    }
}
