package org.mto4j.examples.study.data;

import java.io.Serializable;
import java.util.List;

/**
 * The three fixed splits of a study's data set. No source image is shared between splits. Serializable (a training
 * function holds it).
 *
 * @param name        the data set's name, e.g. {@code multi-digits}
 * @param description one paragraph for the report: what the examples are, how they were built, the sizes
 * @param train       the training split (the only one that may have unlabeled examples)
 * @param validation  the validation split (early stopping, model selection)
 * @param test        the test split (what the report's test trade-off shows)
 * @since 0.1.0
 */
public record StudyData(String name, String description, MultiTaskDataset train, MultiTaskDataset validation,
        MultiTaskDataset test) implements Serializable {

    public StudyData {
        if (train == null || validation == null || test == null) {
            throw new IllegalArgumentException("train, validation and test must not be null");
        }
        for (MultiTaskDataset split : List.of(validation, test)) {
            if (!split.tasks().equals(train.tasks()) || split.numFeatures() != train.numFeatures()) {
                throw new IllegalArgumentException(split.name() + " has tasks " + split.tasks() + " and "
                        + split.numFeatures() + " features but " + train.name() + " has " + train.tasks() + " and "
                        + train.numFeatures());
            }
        }
    }

    /** The task names (the same in every split). */
    public List<String> tasks() {
        return train.tasks();
    }
}
