package org.mto4j.examples.study.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The study's data sets by name, as the {@code --data} option gives them.
 * <pre>
 *   multi-digits       MultiDigits.standard()        embedded, works offline (the default)
 *   multi-digits-low   MultiDigits.lowResource(..)   the right digit labeled on 10 % of its training images
 *   multi-fashion      MultiFashion.load(dir)        needs Debian's dataset-fashion-mnist (or its idx files)
 * </pre>
 * Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class StudyDatasets {
    /** Every name {@link #load} accepts, the default first. */
    public static final List<String> NAMES = List.of(MultiDigits.NAME, MultiDigits.LOW_RESOURCE_NAME,
            MultiFashion.NAME);

    private StudyDatasets() {
    }

    /**
     * Loads a data set by name.
     *
     * @param name            one of {@link #NAMES}
     * @param fashionDir      where Fashion-MNIST's idx files are (multi-fashion only)
     * @param labeledFraction the low-resource task's labeled fraction (multi-digits-low only; null: the default)
     * @throws IllegalArgumentException for an unknown name, a fraction given for another data set, or missing
     *                                  Fashion-MNIST files (the message says how to install them)
     */
    public static StudyData load(String name, Path fashionDir, Double labeledFraction) {
        if (labeledFraction != null && !MultiDigits.LOW_RESOURCE_NAME.equals(name)) {
            throw new IllegalArgumentException("--labeled-fraction applies to " + MultiDigits.LOW_RESOURCE_NAME
                    + " only, not to '" + name + "'");
        }
        if (MultiDigits.NAME.equals(name)) {
            return MultiDigits.standard();
        }
        if (MultiDigits.LOW_RESOURCE_NAME.equals(name)) {
            return MultiDigits.lowResource(MultiDigits.DATA_SEED,
                    labeledFraction == null ? MultiDigits.DEFAULT_LABELED_FRACTION : labeledFraction);
        }
        if (MultiFashion.NAME.equals(name)) {
            return MultiFashion.load(fashionDir == null ? MultiFashion.DEFAULT_DIR : fashionDir);
        }
        throw new IllegalArgumentException("unknown data set '" + name + "'; choose one of " + NAMES);
    }
}
