package org.mto4j.examples.study.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Multi-Fashion: the two-task data set of the multi-task literature (Lin et al., "Pareto Multi-Task Learning",
 * NeurIPS 2019) built the same way as {@link MultiDigits}, from Fashion-MNIST (Xiao, Rasul, Vollgraf,
 * arXiv:1708.07747, 2017, MIT licence) as installed by Debian's {@code dataset-fashion-mnist}.
 * <pre>
 *   images         28 × 28, averaged over 2 × 2 blocks to 14 × 14 (keeps the study's MLP small and fast)
 *   source images  the 60,000 training images, stratified by class: 50,000 train pool, 10,000 validation pool;
 *                  the 10,000 test images: test pool
 *   example        left item at columns 0..13, right item at columns 7..20 of a 14 × 21 canvas (half overlap,
 *                  pixel-wise maximum); 294 features in [0, 1]
 *   pairs          10,000 train, 2,000 validation, 4,000 test
 * </pre>
 * When the files are missing, {@link #load} throws an {@link IllegalArgumentException} whose message says how to
 * install them. Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class MultiFashion {
    public static final String NAME = "multi-fashion";
    /** Where Debian's {@code dataset-fashion-mnist} installs the idx files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final long DATA_SEED = 70_000L;
    public static final int DOWNSAMPLE = 2;
    public static final int DEFAULT_OFFSET = 7;
    /** Fractions of the Fashion-MNIST training images for the train and validation pools. */
    public static final double[] SOURCE_FRACTIONS = {5.0 / 6, 1.0 / 6};
    public static final int TRAIN_PAIRS = 10_000;
    public static final int VALIDATION_PAIRS = 2_000;
    public static final int TEST_PAIRS = 4_000;
    static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"};

    private MultiFashion() {
    }

    /** Multi-Fashion from the idx files in {@code dir} (each plain or gzipped), with the default settings. */
    public static StudyData load(Path dir) {
        return load(dir, DATA_SEED, TRAIN_PAIRS, VALIDATION_PAIRS, TEST_PAIRS);
    }

    /** Multi-Fashion with explicit seed and sizes. */
    public static StudyData load(Path dir, long seed, int trainPairs, int validationPairs, int testPairs) {
        Path[] files = new Path[FILES.length];
        for (int f = 0; f < FILES.length; f++) {
            files[f] = find(dir, FILES[f]);
        }
        LabeledImages trainImages = LabeledImages.readIdx(files[0], files[1], 10).downsample(DOWNSAMPLE);
        LabeledImages testImages = LabeledImages.readIdx(files[2], files[3], 10).downsample(DOWNSAMPLE);
        Random random = new Random(seed);
        int[][] pools = PairedImages.stratifiedPools(trainImages, SOURCE_FRACTIONS, random);
        int[] testPool = new int[testImages.size()];
        java.util.Arrays.setAll(testPool, i -> i);
        MultiTaskDataset train = PairedImages.compose(NAME + "/train", trainImages, pools[0], trainPairs,
                DEFAULT_OFFSET, random);
        MultiTaskDataset validation = PairedImages.compose(NAME + "/validation", trainImages, pools[1],
                validationPairs, DEFAULT_OFFSET, random);
        MultiTaskDataset test = PairedImages.compose(NAME + "/test", testImages, testPool, testPairs, DEFAULT_OFFSET,
                random);
        String description = String.format(Locale.ROOT, "Multi-Fashion: two Fashion-MNIST items (Xiao et al. 2017, "
                + "MIT), averaged to 14 x 14, in one 14 x 21 image, the right one shifted by %d columns (pixel-wise "
                + "maximum); tasks left and right classify them (10 classes each). Train and validation pairs come "
                + "from disjoint pools of %d and %d Fashion-MNIST training images, test pairs from its %d test "
                + "images: %d / %d / %d pairs (data seed %d).", DEFAULT_OFFSET, pools[0].length, pools[1].length,
                testImages.size(), trainPairs, validationPairs, testPairs, seed);
        return new StudyData(NAME, description, train, validation, test);
    }

    private static Path find(Path dir, String name) {
        for (Path candidate : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("Multi-Fashion needs Fashion-MNIST, but " + dir.resolve(name)
                + "[.gz] does not exist. Install it with\n    sudo apt-get install dataset-fashion-mnist\n"
                + "(Debian/Ubuntu; it puts the idx files under " + DEFAULT_DIR + "), or pass --fashion-dir DIR "
                + "pointing at a directory with train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                + "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each optionally .gz).");
    }
}
