package org.mto4j.examples.study.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MultiDigitsTest {
    private static int[][] rawPixels;
    private static int[] rawLabels;
    private static StudyData data;

    /** An independent reading of the vendored file: integers as written, no scaling. */
    @BeforeAll
    static void readRaw() throws IOException {
        List<int[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                MultiDigitsTest.class.getResourceAsStream(LabeledImages.DIGITS_RESOURCE)), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null;) {
                rows.add(java.util.Arrays.stream(line.split(",")).mapToInt(Integer::parseInt).toArray());
            }
        }
        rawPixels = new int[rows.size()][];
        rawLabels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            rawPixels[i] = java.util.Arrays.copyOf(rows.get(i), 64);
            rawLabels[i] = rows.get(i)[64];
        }
        data = MultiDigits.standard();
    }

    @Test
    void digitsAreTheVendoredFileScaledToUnitRange() {
        LabeledImages digits = LabeledImages.digits();
        assertEquals(1797, digits.size());
        assertEquals(8, digits.height());
        assertEquals(8, digits.width());
        assertArrayEquals(rawLabels, digits.labels());
        // first line of the file: 0,0,5,13,9,1,0,0, ... label 0
        assertEquals(0, digits.label(0));
        assertEquals(5 / 16f, digits.pixel(0, 0, 2));
        assertEquals(13 / 16f, digits.pixel(0, 0, 3));
        for (int i = 0; i < digits.size(); i++) {
            for (int j = 0; j < 64; j++) {
                assertEquals(rawPixels[i][j] / 16f, digits.pixel(i, j / 8, j % 8));
            }
        }
        int[] perClass = new int[10];
        for (int y : rawLabels) {
            perClass[y]++;
        }
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, perClass);
    }

    @Test
    void splitsHaveTheDocumentedShape() {
        assertEquals(List.of("left", "right"), data.tasks());
        assertEquals(5000, data.train().size());
        assertEquals(1000, data.validation().size());
        assertEquals(2000, data.test().size());
        for (MultiTaskDataset split : List.of(data.train(), data.validation(), data.test())) {
            assertEquals(96, split.numFeatures());
            assertEquals(8, split.imageHeight());
            assertEquals(12, split.imageWidth());
            assertEquals(10, split.numClasses(0));
            assertEquals(10, split.numClasses(1));
            assertEquals(split.size(), split.labeledCount(0));
            assertEquals(split.size(), split.labeledCount(1));
        }
    }

    @Test
    void noSourceImageIsSharedBetweenSplitsAndPoolsAreStratified() {
        Set<Integer> train = sources(data.train());
        Set<Integer> validation = sources(data.validation());
        Set<Integer> test = sources(data.test());
        // every pool image is used (more pairs than pool images), so these are the pool sizes
        assertEquals(1078, train.size());
        assertEquals(360, validation.size());
        assertEquals(359, test.size());
        assertFalse(intersects(train, validation));
        assertFalse(intersects(train, test));
        assertFalse(intersects(validation, test));
        int[] classCounts = new int[10];
        for (int s : train) {
            classCounts[rawLabels[s]]++;
        }
        int[] expected = {107, 109, 106, 110, 109, 109, 109, 107, 104, 108}; // round(0.6 n_c)
        assertArrayEquals(expected, classCounts);
    }

    private static Set<Integer> sources(MultiTaskDataset split) {
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < split.size(); i++) {
            s.add(split.source(0, i));
            s.add(split.source(1, i));
        }
        return s;
    }

    private static boolean intersects(Set<Integer> a, Set<Integer> b) {
        return a.stream().anyMatch(b::contains);
    }

    @Test
    void examplesAreThePixelwiseMaximumOfTheTwoShiftedDigitsWithTheirLabels() {
        for (MultiTaskDataset split : List.of(data.train(), data.validation(), data.test())) {
            for (int i = 0; i < split.size(); i++) {
                int l = split.source(0, i);
                int r = split.source(1, i);
                assertNotEquals(l, r, "example " + i + " shows one image twice");
                assertEquals(rawLabels[l], split.label(0, i));
                assertEquals(rawLabels[r], split.label(1, i));
                for (int row = 0; row < 8; row++) {
                    for (int col = 0; col < 12; col++) {
                        int left = col < 8 ? rawPixels[l][row * 8 + col] : 0;
                        int right = col >= 4 ? rawPixels[r][row * 8 + col - 4] : 0;
                        assertEquals(Math.max(left, right) / 16f, split.feature(i, row * 12 + col),
                                split.name() + " example " + i + " pixel " + row + "," + col);
                    }
                }
            }
        }
    }

    @Test
    void everyPoolImageIsUsedEquallyOftenOnEachSide() {
        MultiTaskDataset train = data.train();
        for (int task = 0; task < 2; task++) {
            Map<Integer, Integer> uses = new HashMap<>();
            for (int i = 0; i < train.size(); i++) {
                uses.merge(train.source(task, i), 1, Integer::sum);
            }
            int lo = 5000 / 1078;
            for (int count : uses.values()) {
                assertTrue(count == lo || count == lo + 1, "uses " + count);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
        StudyData again = MultiDigits.standard();
        assertArrayEquals(data.train().features(), again.train().features());
        assertArrayEquals(data.test().labels(1), again.test().labels(1));
        StudyData other = MultiDigits.build(MultiDigits.DATA_SEED + 1, 4, 5000, 1000, 2000);
        assertFalse(java.util.Arrays.equals(data.train().labels(0), other.train().labels(0)));
    }

    @Test
    void sideBySideOffsetPutsTheDigitsInDisjointColumns() {
        StudyData sideBySide = MultiDigits.build(3, 8, 50, 20, 20);
        MultiTaskDataset test = sideBySide.test();
        assertEquals(128, test.numFeatures());
        for (int i = 0; i < test.size(); i++) {
            for (int row = 0; row < 8; row++) {
                for (int col = 0; col < 8; col++) {
                    assertEquals(rawPixels[test.source(0, i)][row * 8 + col] / 16f, test.feature(i, row * 16 + col));
                    assertEquals(rawPixels[test.source(1, i)][row * 8 + col] / 16f,
                            test.feature(i, row * 16 + 8 + col));
                }
            }
        }
    }

    @Test
    void lowResourceKeepsTheRightLabelOnTenPercentOfItsSourceImagesPerClass() {
        StudyData low = MultiDigits.lowResource();
        assertEquals(MultiDigits.LOW_RESOURCE_NAME, low.name());
        MultiTaskDataset train = low.train();
        assertArrayEquals(data.train().features(), train.features());
        assertArrayEquals(data.train().labels(0), train.labels(0));
        assertEquals(train.size(), train.labeledCount(0));
        Map<Integer, Boolean> labeledSource = new HashMap<>();
        for (int i = 0; i < train.size(); i++) {
            int s = train.source(1, i);
            boolean labeled = train.label(1, i) != MultiTaskDataset.UNLABELED;
            Boolean before = labeledSource.put(s, labeled);
            assertTrue(before == null || before == labeled, "source " + s + " labeled in one pair but not another");
            if (labeled) {
                assertEquals(rawLabels[s], train.label(1, i));
            }
        }
        int[] keptPerClass = new int[10];
        labeledSource.forEach((s, labeled) -> keptPerClass[rawLabels[s]] += labeled ? 1 : 0);
        // round(0.1 x round(0.6 n_c)) per class
        assertArrayEquals(new int[] {11, 11, 11, 11, 11, 11, 11, 11, 10, 11}, keptPerClass);
        assertEquals(505, train.labeledCount(1)); // as docs/study.md says
        double fraction = train.labeledCount(1) / (double) train.size();
        assertTrue(fraction > 0.09 && fraction < 0.11, "labeled fraction " + fraction);
        assertEquals(low.validation().size(), low.validation().labeledCount(1));
        assertEquals(low.test().size(), low.test().labeledCount(1));
        assertTrue(low.description().contains("unlabeled examples are masked out"), low.description());
    }

    @Test
    void badSettingsAreRejectedWithTheirValues() {
        IllegalArgumentException offset = assertThrows(IllegalArgumentException.class,
                () -> MultiDigits.build(1, 0, 10, 10, 10));
        assertTrue(offset.getMessage().contains("offset must be in [1, 8]") && offset.getMessage().contains("0"),
                offset.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MultiDigits.build(1, 9, 10, 10, 10));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> MultiDigits.build(1, 4, 0, 10, 10));
        assertTrue(count.getMessage().contains("count must be >= 1, got 0"), count.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> MultiDigits.lowResource(1, 1.5));
        assertTrue(fraction.getMessage().contains("fraction must be in (0, 1], got 1.5"), fraction.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MultiDigits.lowResource(1, 0));
        IllegalArgumentException pool = assertThrows(IllegalArgumentException.class,
                () -> PairedImages.compose("x", LabeledImages.digits(), new int[] {3}, 5, 4, new Random(1)));
        assertTrue(pool.getMessage().contains("at least 2 images, got 1"), pool.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PairedImages.stratifiedPools(LabeledImages.digits(), new double[] {0.5, 0.4}, new Random(1)));
        IllegalArgumentException pixel = assertThrows(IllegalArgumentException.class,
                () -> LabeledImages.of(new float[] {0, 1.5f, 0, 0}, new int[] {0}, 2, 2, 2));
        assertTrue(pixel.getMessage().contains("pixels[1] must be in [0, 1], got 1.5"), pixel.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> LabeledImages.of(new float[3], new int[] {0}, 2, 2, 2));
        assertTrue(size.getMessage().contains("pixels has 3 values but 1 images of 2 x 2 need 4"), size.getMessage());
        float[] pixels = {0, 0.5f, 1, 0.25f};
        LabeledImages one = LabeledImages.of(pixels, new int[] {1}, 2, 2, 2);
        pixels[1] = 0.75f;
        assertEquals(0.5f, one.pixel(0, 0, 1), "of() copies its input");
    }
}
