package org.mto4j.examples.study.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idx reader and Multi-Fashion, on small synthetic idx files (CI does not have Fashion-MNIST). */
class MultiFashionTest {

    /** Image i has pixel (r, c) = (i + r + c) mod 256 and label i mod 10. */
    static void writeIdx(Path images, Path labels, int n, int side, boolean gzip) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(images, gzip))) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(side);
            out.writeInt(side);
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < side * side; p++) {
                    out.writeByte((i + p / side + p % side) % 256);
                }
            }
        }
        try (DataOutputStream out = new DataOutputStream(open(labels, gzip))) {
            out.writeInt(0x801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(i % 10);
            }
        }
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return gzip ? new GZIPOutputStream(out) : out;
    }

    @Test
    void readsPlainAndGzippedIdxFiles(@TempDir Path dir) throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path images = dir.resolve("img" + gzip + (gzip ? ".gz" : ""));
            Path labels = dir.resolve("lab" + gzip + (gzip ? ".gz" : ""));
            writeIdx(images, labels, 12, 4, gzip);
            LabeledImages read = LabeledImages.readIdx(images, labels, 10);
            assertEquals(12, read.size());
            assertEquals(4, read.height());
            assertEquals(4, read.width());
            assertEquals(7 % 10, read.label(7));
            assertEquals((7 + 2 + 3) / 255f, read.pixel(7, 2, 3));
            // 2 x 2 block average: image 7, block (1, 0) = pixels (2,0) (2,1) (3,0) (3,1) = 9, 10, 10, 11
            assertEquals(10 / 255f, read.downsample(2).pixel(7, 1, 0), 1e-7);
        }
    }

    @Test
    void malformedIdxFilesAreClearErrors(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("i");
        Path labels = dir.resolve("l");
        writeIdx(images, labels, 5, 3, false);
        IllegalArgumentException swapped = assertThrows(IllegalArgumentException.class,
                () -> LabeledImages.readIdx(labels, images, 10));
        assertTrue(swapped.getMessage().contains("magic number 0x801, expected 0x803"), swapped.getMessage());
        Path fewer = dir.resolve("l4");
        Path ignored = dir.resolve("i4");
        writeIdx(ignored, fewer, 4, 3, false);
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> LabeledImages.readIdx(images, fewer, 10));
        assertTrue(count.getMessage().contains("has 4 labels but") && count.getMessage().contains("has 5 images"),
                count.getMessage());
        Path truncated = dir.resolve("t");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(images), 20));
        IllegalArgumentException eof = assertThrows(IllegalArgumentException.class,
                () -> LabeledImages.readIdx(truncated, labels, 10));
        assertTrue(eof.getMessage().contains("ends before the images its header announces"), eof.getMessage());
        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                () -> LabeledImages.readIdx(images, labels, 3));
        assertTrue(classes.getMessage().contains("label 3 is 3, expected < 3"), classes.getMessage());
    }

    @Test
    void buildsMultiFashionFromIdxFilesWithDisjointTrainAndValidationPools(@TempDir Path dir) throws IOException {
        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"), 120, 28, true);
        writeIdx(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"), 40, 28, false);
        StudyData data = MultiFashion.load(dir, 3, 200, 50, 60);
        assertEquals(MultiFashion.NAME, data.name());
        assertEquals(14, data.train().imageHeight());
        assertEquals(21, data.train().imageWidth());
        assertEquals(294, data.test().numFeatures());
        Set<Integer> train = new HashSet<>();
        Set<Integer> validation = new HashSet<>();
        for (int i = 0; i < data.train().size(); i++) {
            train.add(data.train().source(0, i));
            train.add(data.train().source(1, i));
        }
        for (int i = 0; i < data.validation().size(); i++) {
            validation.add(data.validation().source(0, i));
            validation.add(data.validation().source(1, i));
        }
        assertEquals(100, train.size());
        assertEquals(20, validation.size());
        assertTrue(train.stream().noneMatch(validation::contains));
        // image i's label is i mod 10 in both files
        for (int i = 0; i < data.test().size(); i++) {
            assertEquals(data.test().source(1, i) % 10, data.test().label(1, i));
        }
    }

    @Test
    void missingFashionMnistSaysHowToInstallIt(@TempDir Path empty) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultiFashion.load(empty));
        assertTrue(e.getMessage().contains("sudo apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains(empty.resolve("train-images-idx3-ubyte").toString()), e.getMessage());
    }
}
