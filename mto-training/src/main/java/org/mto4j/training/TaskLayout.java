package org.mto4j.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which trainable parts of a model are shared and which belong to one task, checked against what each task's loss
 * depends on. Both adapters describe their model in names (SameDiff variables, DL4J layers) and let this class
 * make the checks they have in common; for adapter authors.
 * <ul>
 *   <li>a head is listed under one task only, and is never also shared;</li>
 *   <li>a head feeds its own task's loss and no other (else it is shared);</li>
 *   <li>every shared part feeds some task's loss;</li>
 *   <li>every trainable part that feeds a loss is shared or a head (else it would silently not train).</li>
 * </ul>
 * Each violation is an {@link IllegalArgumentException} that names the part and the tasks.
 *
 * @since 0.1.0
 */
public final class TaskLayout {

    private final List<String> shared;

    private TaskLayout(List<String> shared) {
        this.shared = shared;
    }

    /**
     * Checks a description and resolves the shared parts.
     *
     * @param kind            what a part is called in messages ("variable", "layer")
     * @param taskNames       the K task names
     * @param heads           for each task, its head parts (existing names; the adapter checked them)
     * @param sharedNames     the shared parts by name (existing and trainable), or null to use the predicate
     * @param sharedPredicate with {@code sharedNames} null: shared are the trainable parts that pass it, are no
     *                        task's heads, and feed some loss
     * @param trainables      every trainable part of the model, in the model's order
     * @param reach           for each task, every name its loss depends on
     * @throws IllegalArgumentException naming the part and tasks at fault
     */
    public static TaskLayout check(String kind, List<String> taskNames, List<List<String>> heads,
                                   List<String> sharedNames, Predicate<String> sharedPredicate,
                                   List<String> trainables, List<Set<String>> reach) {
        Map<String, String> owner = new LinkedHashMap<>();
        for (int t = 0; t < taskNames.size(); t++) {
            for (String h : heads.get(t)) {
                String previous = owner.putIfAbsent(h, taskNames.get(t));
                if (previous != null) {
                    throw new IllegalArgumentException("head " + kind + " '" + h + "' is listed under tasks '"
                            + previous + "' and '" + taskNames.get(t) + "'; a " + kind + " several tasks use is "
                            + "shared");
                }
            }
        }
        List<String> shared = new ArrayList<>();
        if (sharedNames != null) {
            for (String s : sharedNames) {
                if (owner.containsKey(s)) {
                    throw new IllegalArgumentException(kind + " '" + s + "' is listed both as shared and as a head "
                            + "of task '" + owner.get(s) + "'");
                }
                if (shared.contains(s)) {
                    throw new IllegalArgumentException("shared " + kind + " '" + s + "' is listed twice");
                }
                if (reach.stream().noneMatch(r -> r.contains(s))) {
                    throw new IllegalArgumentException("shared " + kind + " '" + s + "' feeds none of the task "
                            + "losses");
                }
                shared.add(s);
            }
        } else {
            for (String s : trainables) {
                if (!owner.containsKey(s) && sharedPredicate.test(s) && reach.stream().anyMatch(r -> r.contains(s))) {
                    shared.add(s);
                }
            }
            if (shared.isEmpty()) {
                throw new IllegalArgumentException("no trainable " + kind + " outside the heads that feeds a task "
                        + "loss matches the shared predicate; trainable " + kind + "s are " + trainables);
            }
        }
        for (int t = 0; t < taskNames.size(); t++) {
            for (String h : heads.get(t)) {
                if (!reach.get(t).contains(h)) {
                    throw new IllegalArgumentException("head " + kind + " '" + h + "' of task '" + taskNames.get(t)
                            + "' does not feed its loss");
                }
                for (int u = 0; u < taskNames.size(); u++) {
                    if (u != t && reach.get(u).contains(h)) {
                        throw new IllegalArgumentException("head " + kind + " '" + h + "' of task '"
                                + taskNames.get(t) + "' also feeds the loss of task '" + taskNames.get(u)
                                + "'; list it as shared");
                    }
                }
            }
        }
        Set<String> listed = new LinkedHashSet<>(shared);
        listed.addAll(owner.keySet());
        for (int t = 0; t < taskNames.size(); t++) {
            for (String v : trainables) {
                if (reach.get(t).contains(v) && !listed.contains(v)) {
                    throw new IllegalArgumentException(kind + " '" + v + "' feeds the loss of task '"
                            + taskNames.get(t) + "' but is neither shared nor a head; list it, or freeze it");
                }
            }
        }
        return new TaskLayout(List.copyOf(shared));
    }

    /** The shared parts: as listed, or those the predicate chose, in the model's order. */
    public List<String> shared() {
        return shared;
    }
}
