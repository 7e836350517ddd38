package org.mto4j.examples.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fenced {@code ```java} block of a Markdown file, with the hidden prelude and checks the documentation
 * convention allows around it (see CONTRIBUTING.md, "Code in the documentation"):
 * <pre>
 *   &lt;!-- java-prelude
 *   import java.util.Map;          lines starting with "import " are imports,
 *   int numTasks = 2;              any other line runs before the block
 *   --&gt;
 *   ```java
 *   ... the block: a complete compilation unit, or statements ...
 *   ```
 *   &lt;!-- java-after
 *   assertEquals(2, numTasks);     statements run after the block (JUnit's Assertions are imported)
 *   --&gt;
 * </pre>
 * A block that declares a top-level class, record, interface or enum is a complete compilation unit: it is
 * compiled as it is, and its {@code main}, if it has one, is run; it takes no prelude or checks. Any other block is
 * a snippet: its statements become the body of a generated {@code main}.
 *
 * @param file      the Markdown file
 * @param line      the 1-based line of the block's first code line
 * @param code      the block's text
 * @param imports   the prelude's import lines
 * @param prelude   the prelude's other lines
 * @param after     the checks' lines
 */
public record JavaBlock(Path file, int line, String code, List<String> imports, List<String> prelude,
        List<String> after) {

    static final String PRELUDE = "<!-- java-prelude";
    static final String AFTER = "<!-- java-after";
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^(?:public\\s+|final\\s+|abstract\\s+|sealed\\s+)*(?:class|record|interface|enum)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+(?:final\\s+|abstract\\s+|sealed\\s+)*(?:class|record|interface|enum)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern MAIN = Pattern.compile("static\\s+void\\s+main\\s*\\(");

    /** Every {@code ```java} block of a Markdown file, in order. */
    public static List<JavaBlock> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<JavaBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
                end++;
            }
            if (end == lines.size()) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": ```java block is not closed");
            }
            List<String> imports = new ArrayList<>();
            List<String> prelude = new ArrayList<>();
            for (String l : comment(lines, previousNonBlank(lines, i - 1), PRELUDE)) {
                (l.strip().startsWith("import ") ? imports : prelude).add(l);
            }
            List<String> after = comment(lines, nextNonBlank(lines, end + 1), AFTER);
            blocks.add(new JavaBlock(file, start + 1, String.join("\n", lines.subList(start, end)) + "\n",
                    imports, prelude, after));
            i = end;
        }
        return blocks;
    }

    /** The lines of the comment that starts or ends at {@code at} and opens with {@code marker}, or none. */
    private static List<String> comment(List<String> lines, int at, String marker) {
        if (at < 0 || at >= lines.size()) {
            return List.of();
        }
        int open;
        int close;
        if (marker.equals(PRELUDE)) {
            close = at;
            if (!lines.get(close).strip().equals("-->")) {
                return List.of();
            }
            open = close - 1;
            while (open >= 0 && !lines.get(open).strip().startsWith("<!--")) {
                open--;
            }
        } else {
            open = at;
            close = open + 1;
            while (close < lines.size() && !lines.get(close).strip().equals("-->")) {
                close++;
            }
        }
        if (open < 0 || close >= lines.size() || !lines.get(open).strip().equals(marker)) {
            return List.of(); // no comment, or another one
        }
        return List.copyOf(lines.subList(open + 1, close));
    }

    private static int previousNonBlank(List<String> lines, int from) {
        int i = from;
        while (i >= 0 && lines.get(i).isBlank()) {
            i--;
        }
        return i;
    }

    private static int nextNonBlank(List<String> lines, int from) {
        int i = from;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        return i;
    }

    /** {@return true for a complete compilation unit, false for a snippet} */
    public boolean isCompilationUnit() {
        return TYPE_DECLARATION.matcher(code).find();
    }

    /** {@return the fully qualified name of the unit's public (else first) top-level type} */
    public String typeName() {
        Matcher type = PUBLIC_TYPE.matcher(code);
        if (!type.find()) {
            type = TYPE_DECLARATION.matcher(code);
            type.find();
        }
        Matcher pkg = PACKAGE.matcher(code);
        return (pkg.find() ? pkg.group(1) + "." : "") + type.group(1);
    }

    /** {@return true if the block has a main method to run} */
    public boolean hasMain() {
        return !isCompilationUnit() || MAIN.matcher(code).find();
    }

    /** {@return where the block is, as "README.md:42"} */
    public String location() {
        return file.getFileName() + ":" + line;
    }
}
