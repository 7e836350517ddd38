package org.mto4j.core;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable snapshot of a method's state (moving averages, step counters, previous weights), taken with
 * {@link Lifecycle#snapshot()} and given back with {@link Lifecycle#restore(CombinerState)} so that a
 * checkpointed training run resumes exactly. Serializable; counters are stored as exact doubles (below 2⁵³).
 *
 * @since 0.1.0
 */
public final class CombinerState implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The {@link Lifecycle#name()} of the method this state belongs to. */
    private final String owner;
    /** Named arrays, sorted by name; never exposed without a copy. */
    private final TreeMap<String, double[]> values;

    private CombinerState(String owner, TreeMap<String, double[]> values) {
        this.owner = owner;
        this.values = values;
    }

    /**
     * A snapshot of named arrays.
     *
     * @param owner  the {@link Lifecycle#name()} of the method that owns this state
     * @param values named arrays; copied
     * @return the snapshot
     */
    public static CombinerState of(String owner, Map<String, double[]> values) {
        Checks.notNull(owner, "owner");
        Checks.notNull(values, "values");
        TreeMap<String, double[]> copy = new TreeMap<>();
        values.forEach((key, value) -> copy.put(Checks.notNull(key, "values key"),
                Checks.notNull(value, "values[" + key + "]").clone()));
        return new CombinerState(owner, copy);
    }

    /**
     * The state of a stateless method: no values.
     *
     * @param owner the {@link Lifecycle#name()} of the method
     * @return an empty snapshot owned by {@code owner}
     */
    public static CombinerState empty(String owner) {
        return of(owner, Map.of());
    }

    /** {@return the name of the method that owns this state} */
    public String owner() {
        return owner;
    }

    /** {@return the names of the arrays, sorted; unmodifiable} */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /**
     * A copy of the named array.
     *
     * @param key one of {@link #keys()}
     * @return a copy of its values
     * @throws IllegalArgumentException if there is no such key (the message lists the keys)
     */
    public double[] get(String key) {
        double[] value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("state of " + owner + " has no value '" + key + "'; it has "
                    + values.keySet());
        }
        return value.clone();
    }

    /**
     * Checks that this state belongs to a method named {@code expectedOwner}.
     *
     * @param expectedOwner the {@link Lifecycle#name()} of the method restoring it
     * @return this state
     * @throws IllegalArgumentException naming both owners otherwise
     */
    public CombinerState requireOwner(String expectedOwner) {
        if (!owner.equals(expectedOwner)) {
            throw new IllegalArgumentException("state belongs to '" + owner + "' and cannot be restored into '"
                    + expectedOwner + "'");
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CombinerState)) {
            return false;
        }
        CombinerState other = (CombinerState) o;
        if (!owner.equals(other.owner) || !values.keySet().equals(other.values.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = owner.hashCode();
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            h = 31 * h + e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("CombinerState[").append(owner);
        values.forEach((k, v) -> s.append(", ").append(k).append('=').append(Arrays.toString(v)));
        return s.append(']').toString();
    }
}
