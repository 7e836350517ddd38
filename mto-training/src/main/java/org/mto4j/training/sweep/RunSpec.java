package org.mto4j.training.sweep;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mto4j.core.CombinerSpec;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;

/**
 * One run of a {@link Sweep}: a method (a registered combiner with its options, or scalarization with task
 * weights), a learning rate, a weight decay, a seed, the sweep's fixed settings, and an id derived from all of
 * them.
 *
 * <pre>
 *   id = first 16 hex digits of SHA-256( v1 | tasks | method | combiner | options | task weights
 *                                        | learning rate | weight decay | seed | settings )
 * </pre>
 * Every part enters the hash in a canonical text form (options and settings sorted by name, numbers as Java's
 * shortest round-trip decimal, 1 and 1.0 alike, strings length-prefixed), so the id is the same in every process,
 * on every machine and across releases that keep the "v1" form, and it changes when any setting changes. The
 * results file keys runs by this id: a rerun skips the runs whose id has a finished row.
 *
 * <p>Immutable, {@link Serializable} (a run goes to a remote worker as it is) and thread-safe; accessors return
 * copies.
 *
 * @since 0.1.0
 */
public final class RunSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The combiner option that receives the run's seed when the method has one and the sweep did not set it. */
    public static final String SEED_OPTION = "seed";
    /** Length of an id in hex digits (64 bits of SHA-256). */
    public static final int ID_LENGTH = 16;

    private final String id;
    private final List<String> tasks;
    private final String method;
    private final String combiner;
    private final TreeMap<String, Object> options;
    private final double[] taskWeights;
    private final double learningRate;
    private final double weightDecay;
    private final long seed;
    private final TreeMap<String, String> settings;

    /** Values are validated by {@link Sweep}; options hold only the types {@link #canonical} accepts. */
    RunSpec(List<String> tasks, String method, String combiner, Map<String, Object> options, double[] taskWeights,
            double learningRate, double weightDecay, long seed, Map<String, String> settings) {
        this.tasks = List.copyOf(tasks);
        this.method = method;
        this.combiner = combiner;
        this.options = deepCopy(options);
        this.taskWeights = taskWeights.clone();
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.seed = seed;
        this.settings = new TreeMap<>(settings);
        this.id = computeId();
    }

    /** The stable id: {@value #ID_LENGTH} lower-case hex digits. */
    public String id() {
        return id;
    }

    /** The task names, in the order of every per-task array. */
    public List<String> tasks() {
        return tasks;
    }

    /** The number of tasks K. */
    public int numTasks() {
        return tasks.size();
    }

    /** The method's label: the {@code method} column of the results file. */
    public String method() {
        return method;
    }

    /** The registry name of the combiner ({@code static} for scalarization). */
    public String combinerName() {
        return combiner;
    }

    /** A copy of the combiner options as the sweep gave them (scalarization: {@code weights}). */
    public Map<String, Object> combinerOptions() {
        return Collections.unmodifiableMap(deepCopy(options));
    }

    /** True for a scalarization run, whose {@link #taskWeights()} are its fixed loss weights. */
    public boolean isScalarization() {
        return taskWeights.length > 0;
    }

    /** A copy of the scalarization weights, one per task; empty for every other method. */
    public double[] taskWeights() {
        return taskWeights.clone();
    }

    public double learningRate() {
        return learningRate;
    }

    public double weightDecay() {
        return weightDecay;
    }

    /** The seed every random choice of the run must come from (initialisation, batch order, the combiner's). */
    public long seed() {
        return seed;
    }

    /** The sweep's fixed settings (epochs, batch size, ...), sorted by name. */
    public Map<String, String> settings() {
        return Collections.unmodifiableMap(settings);
    }

    /**
     * One fixed setting.
     *
     * @throws IllegalArgumentException if the sweep has no such setting (the message lists the ones it has)
     */
    public String setting(String name) {
        String value = settings.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the sweep has no setting '" + name + "'; its settings are "
                    + settings.keySet());
        }
        return value;
    }

    /**
     * A new combiner for this run, built by the registry with the run's options: same configuration as every other
     * run of the method, fresh state. A method with a {@value #SEED_OPTION} option (PCGrad's order, RLW, GradVac)
     * gets the run's seed unless the sweep set that option.
     *
     * @throws IllegalArgumentException if the combiner is not registered in this JVM (mto-optimizers missing)
     */
    public GradientCombiner combiner() {
        CombinerSpec spec = Combiners.spec(combiner);
        TreeMap<String, Object> o = deepCopy(options);
        if (spec.options().contains(SEED_OPTION) && !o.containsKey(SEED_OPTION)) {
            o.put(SEED_OPTION, seed);
        }
        return spec.create(o);
    }

    private String computeId() {
        StringBuilder b = new StringBuilder("v1");
        field(b, "tasks");
        for (String t : tasks) {
            string(b, t);
        }
        field(b, "method");
        string(b, method);
        field(b, "combiner");
        string(b, combiner);
        field(b, "options").append(canonicalOptions(options));
        field(b, "weights");
        for (double w : taskWeights) {
            b.append(number(w)).append(';');
        }
        field(b, "lr").append(number(learningRate));
        field(b, "wd").append(number(weightDecay));
        field(b, "seed").append(seed);
        field(b, "settings");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            string(b, e.getKey());
            string(b, e.getValue());
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, ID_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static StringBuilder field(StringBuilder b, String name) {
        return b.append('|').append(name).append('=');
    }

    private static void string(StringBuilder b, String s) {
        b.append(s.length()).append(':').append(s);
    }

    /** Options in canonical text: sorted by name, each value in {@link #canonical} form. */
    static String canonicalOptions(Map<String, Object> options) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : new TreeMap<>(options).entrySet()) {
            string(b, e.getKey());
            b.append(canonical(e.getKey(), e.getValue())).append(';');
        }
        return b.toString();
    }

    /**
     * A value in canonical text. Accepted: numbers, booleans, strings, enum constants, arrays of double, float,
     * int or long, and lists of numbers — what {@link org.mto4j.core.Options} reads.
     *
     * @throws IllegalArgumentException for any other type, naming the option
     */
    static String canonical(String option, Object value) {
        if (value instanceof Number) {
            return "n" + number(((Number) value).doubleValue(), (Number) value);
        }
        if (value instanceof Boolean) {
            return "b" + value;
        }
        if (value instanceof String || value instanceof Enum) {
            String s = value instanceof Enum ? ((Enum<?>) value).name() : (String) value;
            return "s" + s.length() + ":" + s;
        }
        List<Object> items = items(value);
        if (items != null) {
            StringBuilder b = new StringBuilder("a[");
            for (Object item : items) {
                if (!(item instanceof Number)) {
                    throw unsupported(option, value);
                }
                b.append(canonical(option, item)).append(',');
            }
            return b.append(']').toString();
        }
        throw unsupported(option, value);
    }

    /** A value as a person reads it: numbers as in the ids (50 and 50.0 both "50"), arrays as [a, b]. */
    static String display(Object value) {
        if (value instanceof Number) {
            return number(((Number) value).doubleValue(), (Number) value);
        }
        List<Object> items = items(value);
        if (items == null) {
            return String.valueOf(value instanceof Enum ? ((Enum<?>) value).name() : value);
        }
        StringBuilder b = new StringBuilder("[");
        for (Object item : items) {
            b.append(b.length() > 1 ? ", " : "").append(display(item));
        }
        return b.append(']').toString();
    }

    private static IllegalArgumentException unsupported(String option, Object value) {
        return new IllegalArgumentException("option '" + option + "' has a value of type "
                + (value == null ? "null" : value.getClass().getName()) + "; sweep options must be numbers, booleans,"
                + " strings, enum constants, or arrays or lists of numbers");
    }

    private static List<Object> items(Object value) {
        List<Object> items = new ArrayList<>();
        if (value instanceof double[]) {
            for (double v : (double[]) value) {
                items.add(v);
            }
        } else if (value instanceof float[]) {
            for (float v : (float[]) value) {
                items.add(v);
            }
        } else if (value instanceof int[]) {
            for (int v : (int[]) value) {
                items.add(v);
            }
        } else if (value instanceof long[]) {
            for (long v : (long[]) value) {
                items.add(v);
            }
        } else if (value instanceof List) {
            items.addAll((List<?>) value);
        } else {
            return null;
        }
        return items;
    }

    private static String number(double v) {
        return number(v, v);
    }

    /** Integral values print as integers (1 and 1.0 alike), others as Java's shortest round-trip decimal. */
    private static String number(double v, Number original) {
        if ((original instanceof Long || original instanceof Integer || original instanceof Short
                || original instanceof Byte)) {
            return Long.toString(original.longValue());
        }
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Copies the map and every array or list in it, so no caller can change a run after the fact. */
    static TreeMap<String, Object> deepCopy(Map<String, Object> options) {
        TreeMap<String, Object> copy = new TreeMap<>();
        for (Map.Entry<String, Object> e : options.entrySet()) {
            Object v = e.getValue();
            if (v instanceof double[]) {
                v = ((double[]) v).clone();
            } else if (v instanceof float[]) {
                v = ((float[]) v).clone();
            } else if (v instanceof int[]) {
                v = ((int[]) v).clone();
            } else if (v instanceof long[]) {
                v = ((long[]) v).clone();
            } else if (v instanceof List) {
                v = new ArrayList<>((List<?>) v);
            }
            copy.put(e.getKey(), v);
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunSpec && ((RunSpec) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return method + " lr=" + learningRate + " wd=" + weightDecay
                + (taskWeights.length > 0 ? " w=" + Arrays.toString(taskWeights) : "") + " seed=" + seed + " [" + id
                + "]";
    }
}
