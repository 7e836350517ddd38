package org.mto4j.training.recipes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

/**
 * The recipes of docs/training.md, run. These classes are verbatim copies of the documentation's blocks (checked
 * here) until the documentation harness of mto-examples runs every block itself. Each recipe's main checks that
 * its losses fell and throws otherwise.
 */
class RecipesTest {

    private static void assertInDocs(Class<?> recipe) throws IOException {
        Path source = Paths.get("src", "test", "java", recipe.getName().replace('.', '/') + ".java");
        String code = Files.readString(source, StandardCharsets.UTF_8);
        String docs = Files.readString(Paths.get("..", "docs", "training.md"), StandardCharsets.UTF_8);
        assertTrue(docs.contains("```java\n" + code + "```"), recipe.getSimpleName()
                + " must appear verbatim as a ```java block of docs/training.md");
    }

    @Test
    void sameDiffRecipe() throws IOException {
        assertInDocs(SameDiffRecipe.class);
        SameDiffRecipe.main(new String[0]);
    }

    @Test
    void computationGraphRecipe() throws IOException {
        assertInDocs(ComputationGraphRecipe.class);
        ComputationGraphRecipe.main(new String[0]);
    }

    @Test
    void handWrittenLoopRecipe() throws IOException {
        assertInDocs(HandWrittenLoopRecipe.class);
        HandWrittenLoopRecipe.main(new String[0]);
    }
}
