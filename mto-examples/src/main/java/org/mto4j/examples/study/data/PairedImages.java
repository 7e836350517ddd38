package org.mto4j.examples.study.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Builds two-task data sets from single-label images, in the manner of Multi-MNIST (Sabour, Frosst, Hinton,
 * "Dynamic Routing Between Capsules", NeurIPS 2017; the two-task version of Sener and Koltun, NeurIPS 2018):
 * each example shows two source images, one on the left and one shifted {@code offset} columns to the right,
 * and the tasks are to classify the left and the right one.
 * <pre>
 *   canvas  h × (w + offset)
 *   x[r][c] = max( L[r][c]          if c &lt; w,
 *                  R[r][c − offset] if c ≥ offset )      (0 where neither image covers the pixel)
 *   y_left = label(L),  y_right = label(R)
 * </pre>
 * With {@code offset < w} the images overlap in {@code w − offset} columns, as the digits of Multi-MNIST do;
 * {@code offset = w} puts them side by side. Sources are drawn from a pool of image indices in cycles of
 * random permutations, one cycle sequence for each side, so every pool image appears ⌊count / pool⌋ or
 * ⌈count / pool⌉ times on each side, and never on both sides of the same example.
 *
 * <p>Randomness: {@code java.util.Random} with Fisher-Yates shuffles, so a seed gives the same data on every JDK.
 * Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class PairedImages {
    /** Task names of every paired data set. */
    public static final List<String> TASKS = List.of("left", "right");

    private PairedImages() {
    }

    /**
     * Splits image indices into disjoint pools, stratified by class: within each class the images are shuffled
     * and cut at the cumulative fractions (rounded), so every pool holds each class in proportion.
     *
     * @param images    the source images
     * @param fractions one fraction per pool, each &gt; 0, summing to 1
     * @param random    the source of the shuffles
     * @return one ascending array of image indices per pool
     */
    public static int[][] stratifiedPools(LabeledImages images, double[] fractions, Random random) {
        double sum = 0;
        for (double f : fractions) {
            if (!(f > 0)) {
                throw new IllegalArgumentException("fractions must be > 0, got " + Arrays.toString(fractions));
            }
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("fractions must sum to 1, got " + Arrays.toString(fractions)
                    + " (sum " + sum + ")");
        }
        List<List<Integer>> pools = new ArrayList<>();
        for (int p = 0; p < fractions.length; p++) {
            pools.add(new ArrayList<>());
        }
        for (int c = 0; c < images.numClasses(); c++) {
            int[] members = membersOf(images, c);
            shuffle(members, random);
            double cumulative = 0;
            int start = 0;
            for (int p = 0; p < fractions.length; p++) {
                cumulative += fractions[p];
                int end = p == fractions.length - 1 ? members.length
                        : (int) Math.round(cumulative * members.length);
                for (int i = start; i < end; i++) {
                    pools.get(p).add(members[i]);
                }
                start = end;
            }
        }
        int[][] out = new int[fractions.length][];
        for (int p = 0; p < out.length; p++) {
            out[p] = pools.get(p).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return out;
    }

    private static int[] membersOf(LabeledImages images, int label) {
        int count = 0;
        for (int i = 0; i < images.size(); i++) {
            count += images.label(i) == label ? 1 : 0;
        }
        int[] members = new int[count];
        for (int i = 0, m = 0; i < images.size(); i++) {
            if (images.label(i) == label) {
                members[m++] = i;
            }
        }
        return members;
    }

    /**
     * Composes {@code count} two-image examples from a pool of source images.
     *
     * @param name   the data set's name
     * @param images the source images
     * @param pool   indices of the images this split may use (at least 2, distinct)
     * @param count  number of examples, ≥ 1
     * @param offset column of the right image's left edge, in [1, width]
     * @param random the source of the permutations
     */
    public static MultiTaskDataset compose(String name, LabeledImages images, int[] pool, int count, int offset,
            Random random) {
        int h = images.height();
        int w = images.width();
        if (offset < 1 || offset > w) {
            throw new IllegalArgumentException("offset must be in [1, " + w + "] (the image width), got " + offset);
        }
        if (pool == null || pool.length < 2) {
            throw new IllegalArgumentException("pool must hold at least 2 images, got "
                    + (pool == null ? "null" : pool.length));
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        int[] left = cycles(pool, count, random);
        int[] right = cycles(pool, count, random);
        separate(left, right);
        int width = w + offset;
        int d = h * width;
        float[] features = new float[count * d];
        float[] pixels = images.backingPixels();
        int[] leftLabels = new int[count];
        int[] rightLabels = new int[count];
        for (int i = 0; i < count; i++) {
            int base = i * d;
            int l = left[i] * h * w;
            int r = right[i] * h * w;
            for (int row = 0; row < h; row++) {
                int out = base + row * width;
                System.arraycopy(pixels, l + row * w, features, out, w);
                for (int c = 0; c < w; c++) {
                    float v = pixels[r + row * w + c];
                    int at = out + offset + c;
                    if (v > features[at]) {
                        features[at] = v;
                    }
                }
            }
            leftLabels[i] = images.label(left[i]);
            rightLabels[i] = images.label(right[i]);
        }
        return new MultiTaskDataset(name, features, d, TASKS, new int[][] {leftLabels, rightLabels},
                new int[] {images.numClasses(), images.numClasses()}, new int[][] {left, right}, h, width);
    }

    /** count indices: the pool in a fresh random order, again and again. */
    private static int[] cycles(int[] pool, int count, Random random) {
        int[] out = new int[count];
        int[] perm = pool.clone();
        for (int i = 0; i < count; i += perm.length) {
            shuffle(perm, random);
            System.arraycopy(perm, 0, out, i, Math.min(perm.length, count - i));
        }
        return out;
    }

    /** Swaps right-hand sources so that no example shows the same image twice (keeps every usage count). */
    private static void separate(int[] left, int[] right) {
        int n = left.length;
        for (int i = 0; i < n; i++) {
            for (int step = 1; left[i] == right[i] && step < n; step++) {
                int j = (i + step) % n;
                if (right[j] != left[i] && left[j] != right[i]) {
                    int tmp = right[i];
                    right[i] = right[j];
                    right[j] = tmp;
                }
            }
            if (left[i] == right[i]) {
                throw new IllegalArgumentException("cannot pair " + n + " examples without showing image "
                        + left[i] + " twice; use a larger pool");
            }
        }
    }

    static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    /**
     * Hides a fraction of one task's training labels, for the low-resource variant: of the distinct source
     * images that task sees in {@code train}, {@code fraction} of each class (rounded, at least one per class) keep
     * their label; every example whose source image for that task is not among them becomes
     * {@link MultiTaskDataset#UNLABELED} for that task.
     */
    public static MultiTaskDataset hideLabels(MultiTaskDataset train, int task, double fraction, Random random) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        if (task < 0 || task >= train.numTasks()) {
            throw new IllegalArgumentException("task must be in [0, " + train.numTasks() + "), got " + task);
        }
        int classes = train.numClasses(task);
        java.util.TreeMap<Integer, Integer> labelOfSource = new java.util.TreeMap<>();
        for (int i = 0; i < train.size(); i++) {
            int y = train.label(task, i);
            if (y != MultiTaskDataset.UNLABELED) {
                labelOfSource.put(train.source(task, i), y);
            }
        }
        java.util.Set<Integer> keep = new java.util.HashSet<>();
        for (int c = 0; c < classes; c++) {
            final int label = c;
            int[] members = labelOfSource.entrySet().stream().filter(e -> e.getValue() == label)
                    .mapToInt(java.util.Map.Entry::getKey).toArray();
            shuffle(members, random);
            int kept = members.length == 0 ? 0 : Math.max(1, (int) Math.round(fraction * members.length));
            for (int i = 0; i < kept; i++) {
                keep.add(members[i]);
            }
        }
        return train.hideLabels(task, keep::contains, train.name());
    }
}
