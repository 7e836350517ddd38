package org.mto4j.examples.study.data;

import java.util.Locale;
import java.util.Random;

/**
 * Multi-Digits: the study's embedded two-task data set, Multi-MNIST in miniature, built from the 1,797 vendored
 * 8 × 8 UCI digits ({@link LabeledImages#digits()}).
 * <pre>
 *   source images  stratified by class into disjoint pools: 60 % train, 20 % validation, 20 % test
 *                  (1,078 / 360 / 359 images)
 *   example        the left digit at columns 0..7, the right digit at columns 4..11 of an 8 × 12 canvas,
 *                  overlapping in columns 4..7 (pixel-wise maximum); 96 features in [0, 1]
 *   tasks          left: the class of the left digit; right: the class of the right digit (10 classes each)
 *   pairs          5,000 train, 1,000 validation, 2,000 test, both digits from the split's own pool
 * </pre>
 * <b>Why overlapping.</b> Side by side, the two digits occupy disjoint pixels, so a network can route each
 * task to its own inputs and the tasks compete only for hidden units. Multi-MNIST overlaps its digits so
 * that the tasks also compete for the same evidence; a half-width overlap keeps that conflict while each
 * digit keeps an unoccluded half, which an 8 × 8 digit (unlike a 28 × 28 one) needs to stay recognisable.
 * {@code offset = 8} builds the side-by-side variant.
 *
 * <p><b>Low-resource variant</b> ({@link #lowResource}): the right digit keeps its label on only a fraction
 * (default 10 %) of its training source images, stratified by class; the other training examples are
 * {@link MultiTaskDataset#UNLABELED} for that task and masked out of its loss. Validation and test stay fully
 * labeled. This is the paper's En→Ro setting: one task with little data, where generalisation rather than the
 * training loss decides.
 *
 * <p>Everything is derived from the data seed ({@link #DATA_SEED} by default, independent of the training
 * seeds), so every run of a study sees the same splits. Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class MultiDigits {
    /** Name of the standard variant. */
    public static final String NAME = "multi-digits";
    /** Name of the low-resource variant. */
    public static final String LOW_RESOURCE_NAME = "multi-digits-low";
    /** Seed of the splits and pairs (fixed, so every run of every study sees the same data). */
    public static final long DATA_SEED = 1_797L;
    /** Column of the right digit's left edge: half overlap. */
    public static final int DEFAULT_OFFSET = 4;
    /** Fractions of the source images per split: train, validation, test. */
    public static final double[] SOURCE_FRACTIONS = {0.6, 0.2, 0.2};
    public static final int TRAIN_PAIRS = 5_000;
    public static final int VALIDATION_PAIRS = 1_000;
    public static final int TEST_PAIRS = 2_000;
    /** Fraction of the right task's training source images that keep their label in the low-resource variant. */
    public static final double DEFAULT_LABELED_FRACTION = 0.10;

    private MultiDigits() {
    }

    /** The standard Multi-Digits data set. */
    public static StudyData standard() {
        return build(DATA_SEED, DEFAULT_OFFSET, TRAIN_PAIRS, VALIDATION_PAIRS, TEST_PAIRS);
    }

    /** The low-resource variant with the default labeled fraction. */
    public static StudyData lowResource() {
        return lowResource(DATA_SEED, DEFAULT_LABELED_FRACTION);
    }

    /**
     * The low-resource variant: {@link #standard()}'s splits built from {@code seed}, with the right task's
     * training labels kept on {@code labeledFraction} of its source images.
     */
    public static StudyData lowResource(long seed, double labeledFraction) {
        StudyData base = build(LOW_RESOURCE_NAME, seed, DEFAULT_OFFSET, TRAIN_PAIRS, VALIDATION_PAIRS, TEST_PAIRS);
        MultiTaskDataset train = PairedImages.hideLabels(base.train(), 1, labeledFraction, new Random(seed + 1));
        String description = base.description() + String.format(Locale.ROOT, " Low-resource: the right digit is "
                + "labeled on %d of the %d training examples (%.1f %%; %.0f %% of its source images, stratified by "
                + "class); unlabeled examples are masked out of its loss. Validation and test are fully labeled.",
                train.labeledCount(1), train.size(), 100.0 * train.labeledCount(1) / train.size(),
                100 * labeledFraction);
        return new StudyData(LOW_RESOURCE_NAME, description, train, base.validation(), base.test());
    }

    /**
     * Multi-Digits with explicit settings.
     *
     * @param seed            data seed (pools and pairs)
     * @param offset          column of the right digit, 1..8 (8: side by side)
     * @param trainPairs      training examples
     * @param validationPairs validation examples
     * @param testPairs       test examples
     */
    public static StudyData build(long seed, int offset, int trainPairs, int validationPairs, int testPairs) {
        return build(NAME, seed, offset, trainPairs, validationPairs, testPairs);
    }

    private static StudyData build(String name, long seed, int offset, int trainPairs, int validationPairs,
            int testPairs) {
        LabeledImages digits = LabeledImages.digits();
        Random random = new Random(seed);
        int[][] pools = PairedImages.stratifiedPools(digits, SOURCE_FRACTIONS, random);
        MultiTaskDataset train = PairedImages.compose(name + "/train", digits, pools[0], trainPairs, offset, random);
        MultiTaskDataset validation = PairedImages.compose(name + "/validation", digits, pools[1], validationPairs,
                offset, random);
        MultiTaskDataset test = PairedImages.compose(name + "/test", digits, pools[2], testPairs, offset, random);
        String description = String.format(Locale.ROOT, "Multi-Digits: two 8 x 8 UCI digits (Alpaydin & Kaynak "
                + "1998, CC BY 4.0) in one 8 x %d image, the right one shifted by %d columns (%s, pixel-wise "
                + "maximum); task left and task right classify them (10 classes each). The 1,797 source images are "
                + "split by class into %d train / %d validation / %d test images, and each split's %d / %d / %d "
                + "pairs use only its own images (data seed %d).", 8 + offset, offset,
                offset < 8 ? "overlapping in " + (8 - offset) + " columns" : "side by side", pools[0].length,
                pools[1].length, pools[2].length, trainPairs, validationPairs, testPairs, seed);
        return new StudyData(name, description, train, validation, test);
    }
}
