package org.mto4j.training.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mto4j.core.Combiners;

/**
 * A grid of training runs: methods x learning rates x weight decays x seeds, each run with a stable id.
 *
 * <pre>
 *   Sweep sweep = Sweep.builder()
 *       .tasks("left", "right")
 *       .scalarization(WeightVectors.dasDennis(2, 8))      // 9 weightings, combiner "static", label "static"
 *       .method("mgda")                                      // any registered combiner ...
 *       .method("cagrad", Map.of("c", 0.4))                  // ... with options (label "cagrad(c=0.4)")
 *       .learningRates(1e-3, 3e-3, 1e-2)
 *       .weightDecays(0, 1e-4)                               // default: 0 only
 *       .seeds(1, 2)
 *       .setting("epochs", "20")                             // fixed for every run; part of the ids
 *       .build();
 *   runs = for seed: for method (each scalarization weighting is one method entry): for lr: for wd
 * </pre>
 * Seeds are the outer loop, so a sweep stopped early has covered the grid once before repeating it with the next
 * seed. Everything is validated by {@link Builder#build()}: an empty grid, a learning rate that is not finite and
 * positive, a negative weight decay, a duplicated grid value, a weight vector of the wrong length, an unknown
 * combiner or option, or one label for two different settings is an {@code IllegalArgumentException} naming the
 * thing. Combiners are looked up in the registry, so the methods must be on the class path when the sweep is built.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Sweep {
    /** The method label and combiner of scalarization runs (a fixed weighted sum of the task losses). */
    public static final String SCALARIZATION = "static";
    /** The option of {@value #SCALARIZATION} that holds the task weights. */
    static final String WEIGHTS_OPTION = "weights";
    /** The weight decays of a sweep that sets none. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    /** More runs than this is a mistake in the grid, not a sweep. */
    public static final int MAX_RUNS = 10_000_000;

    private final List<String> tasks;
    private final List<RunSpec> runs;

    private Sweep(List<String> tasks, List<RunSpec> runs) {
        this.tasks = tasks;
        this.runs = runs;
    }

    /** A builder with no tasks, methods or grids yet (weight decay 0). */
    public static Builder builder() {
        return new Builder();
    }

    /** The task names. */
    public List<String> tasks() {
        return tasks;
    }

    /** Every run, in the order described above; an immutable list. */
    public List<RunSpec> runs() {
        return runs;
    }

    /** The number of runs. */
    public int size() {
        return runs.size();
    }

    /** One method entry before validation. */
    private record Method(String label, String combiner, Map<String, ?> options, double[] weights,
            boolean scalarization) {
    }

    /**
     * Collects the grid; {@link #build()} validates it. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private List<String> tasks = List.of();
        private final List<Method> methods = new ArrayList<>();
        private double[] learningRates = new double[0];
        private double[] weightDecays = {DEFAULT_WEIGHT_DECAY};
        private long[] seeds = new long[0];
        private final Map<String, String> settings = new TreeMap<>();

        private Builder() {
        }

        /** The task names, distinct and not blank; the order of every per-task array. */
        public Builder tasks(String... names) {
            this.tasks = Arrays.asList(names == null ? new String[] {null} : names.clone());
            return this;
        }

        /** The task names, distinct and not blank. */
        public Builder tasks(List<String> names) {
            return tasks(names == null ? null : names.toArray(new String[0]));
        }

        /**
         * Adds one scalarization method per weight vector (combiner {@value #SCALARIZATION}, label
         * {@value #SCALARIZATION}), e.g. from {@link org.mto4j.pareto.WeightVectors}.
         *
         * @param weightVectors one vector per weighting, each with one entry per task, finite, &gt;= 0, not all 0
         */
        public Builder scalarization(double[][] weightVectors) {
            return scalarization(SCALARIZATION, weightVectors);
        }

        /** {@link #scalarization(double[][])} under another label (the {@code method} column). */
        public Builder scalarization(String label, double[][] weightVectors) {
            if (weightVectors == null || weightVectors.length == 0) {
                throw new IllegalArgumentException("scalarization needs at least one weight vector, got "
                        + (weightVectors == null ? "null" : "none"));
            }
            for (int i = 0; i < weightVectors.length; i++) {
                if (weightVectors[i] == null) {
                    throw new IllegalArgumentException("scalarization weight vector " + i + " is null");
                }
                methods.add(new Method(label, SCALARIZATION, Map.of(WEIGHTS_OPTION, weightVectors[i].clone()),
                        weightVectors[i].clone(), true));
            }
            return this;
        }

        /** Adds a registered combiner with its default options, labelled by its name. */
        public Builder method(String combiner) {
            return method(combiner, Map.of());
        }

        /**
         * Adds a registered combiner with options (named as in {@link Combiners#create(String, Map)}), labelled
         * {@code name(option=value,...)}, or by its name alone when there are no options.
         */
        public Builder method(String combiner, Map<String, ?> options) {
            return method(null, combiner, options);
        }

        /** Adds a registered combiner with options under a label of your choice (the {@code method} column). */
        public Builder method(String label, String combiner, Map<String, ?> options) {
            methods.add(new Method(label, combiner, options == null ? Map.of() : options, new double[0], false));
            return this;
        }

        /** The learning rates, each finite and &gt; 0, distinct. */
        public Builder learningRates(double... values) {
            this.learningRates = values == null ? null : values.clone();
            return this;
        }

        /** The weight decays, each finite and &gt;= 0, distinct; default {@value #DEFAULT_WEIGHT_DECAY} alone. */
        public Builder weightDecays(double... values) {
            this.weightDecays = values == null ? null : values.clone();
            return this;
        }

        /** The seeds, distinct. */
        public Builder seeds(long... values) {
            this.seeds = values == null ? null : values.clone();
            return this;
        }

        /**
         * A fixed setting of every run (epochs, batch size, data set, ...), read by the training function through
         * {@link RunSpec#setting(String)}. Settings are part of the run ids, so changing one makes a rerun train
         * every run again instead of skipping rows that were trained with the old value.
         */
        public Builder setting(String name, String value) {
            if (name == null || name.isBlank() || value == null) {
                throw new IllegalArgumentException("a setting needs a name and a value, got " + name + " = " + value);
            }
            settings.put(name, value);
            return this;
        }

        /**
         * Validates the grid and expands it into runs.
         *
         * @throws IllegalArgumentException naming the first problem found
         */
        public Sweep build() {
            List<String> taskList = checkTasks(tasks);
            if (methods.isEmpty()) {
                throw new IllegalArgumentException("the sweep has no methods; add scalarization(...) or method(...)");
            }
            double[] lrs = checkGrid("learningRates", learningRates, false);
            double[] wds = checkGrid("weightDecays", weightDecays, true);
            if (seeds == null || seeds.length == 0) {
                throw new IllegalArgumentException("seeds must not be empty");
            }
            Set<Long> seen = new HashSet<>();
            for (long s : seeds) {
                if (!seen.add(s)) {
                    throw new IllegalArgumentException("seeds has " + s + " twice: " + Arrays.toString(seeds));
                }
            }
            List<ResolvedMethod> resolved = resolve(taskList);
            long count = (long) resolved.size() * lrs.length * wds.length * seeds.length;
            if (count > MAX_RUNS) {
                throw new IllegalArgumentException("the sweep has " + count + " runs, more than " + MAX_RUNS);
            }
            List<RunSpec> runs = new ArrayList<>((int) count);
            for (long seed : seeds) {
                for (ResolvedMethod m : resolved) {
                    for (double lr : lrs) {
                        for (double wd : wds) {
                            runs.add(new RunSpec(taskList, m.label, m.combiner, m.options, m.weights, lr, wd, seed,
                                    settings));
                        }
                    }
                }
            }
            return new Sweep(taskList, List.copyOf(runs));
        }

        private record ResolvedMethod(String label, String combiner, Map<String, Object> options, double[] weights) {
        }

        private List<ResolvedMethod> resolve(List<String> taskList) {
            List<ResolvedMethod> out = new ArrayList<>();
            Map<String, Boolean> kindOfLabel = new HashMap<>();
            Map<String, String> settingOfLabel = new HashMap<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < methods.size(); i++) {
                Method m = methods.get(i);
                if (m.combiner == null || m.combiner.isBlank()) {
                    throw new IllegalArgumentException("method " + i + " has no combiner name");
                }
                String combiner = Combiners.spec(m.combiner).name();
                Map<String, Object> options = new TreeMap<>();
                for (Map.Entry<String, ?> e : m.options.entrySet()) {
                    if (e.getKey() == null) {
                        throw new IllegalArgumentException("method '" + combiner + "' has an option without a name");
                    }
                    RunSpec.canonical(e.getKey(), e.getValue());  // rejects unsupported value types
                    options.put(e.getKey(), e.getValue());
                }
                if (m.scalarization) {
                    checkWeights(m.weights, taskList);
                }
                try {
                    Combiners.create(combiner, options);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("method '" + label(combiner, options) + "': " + e.getMessage(),
                            e);
                }
                String label = m.label != null ? m.label : label(combiner, options);
                if (label.isBlank() || label.contains("\n") || label.contains("\r")) {
                    throw new IllegalArgumentException("method " + i + " (" + combiner + ") needs a label that is "
                            + "not blank and has no line breaks, got '" + label + "'");
                }
                Boolean kind = kindOfLabel.putIfAbsent(label, m.scalarization);
                if (kind != null && kind != m.scalarization) {
                    throw new IllegalArgumentException("label '" + label + "' is used by scalarization and by "
                            + "another method; give them distinct labels");
                }
                String setting = combiner + "|" + RunSpec.canonicalOptions(options);
                if (!seen.add(label + "|" + setting)) {
                    throw new IllegalArgumentException("method '" + label + "' is in the sweep twice with the same "
                            + "settings" + (m.scalarization ? " (weights " + Arrays.toString(m.weights) + ")" : ""));
                }
                String previous = settingOfLabel.putIfAbsent(label, setting);
                if (!m.scalarization && previous != null) {
                    throw new IllegalArgumentException("label '" + label + "' names two different settings of '"
                            + combiner + "' (the second is " + label(combiner, options) + "); give them distinct labels "
                            + "with method(label, combiner, options)");
                }
                out.add(new ResolvedMethod(label, combiner, options, m.weights));
            }
            return out;
        }
    }

    /** {@code name} alone, or {@code name(a=1,b=x)} with the options sorted by name. */
    static String label(String combiner, Map<String, Object> options) {
        if (options.isEmpty()) {
            return combiner;
        }
        StringBuilder b = new StringBuilder(combiner).append('(');
        for (Map.Entry<String, Object> e : new TreeMap<>(options).entrySet()) {
            if (b.charAt(b.length() - 1) != '(') {
                b.append(',');
            }
            b.append(e.getKey()).append('=').append(RunSpec.display(e.getValue()));
        }
        return b.append(')').toString();
    }

    private static List<String> checkTasks(List<String> tasks) {
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks must not be empty; name the tasks with tasks(...)");
        }
        for (int i = 0; i < tasks.size(); i++) {
            String t = tasks.get(i);
            if (t == null || t.isBlank() || !t.equals(t.strip()) || t.contains("\n") || t.contains("\r")) {
                throw new IllegalArgumentException("tasks[" + i + "] must be a name without surrounding blanks or "
                        + "line breaks, got '" + t + "'");
            }
        }
        if (new LinkedHashSet<>(tasks).size() != tasks.size()) {
            throw new IllegalArgumentException("tasks must be distinct, got " + tasks);
        }
        return List.copyOf(tasks);
    }

    private static double[] checkGrid(String name, double[] values, boolean zeroAllowed) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        Set<Double> seen = new HashSet<>();
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v) || (zeroAllowed ? v < 0 : v <= 0)) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite and " + (zeroAllowed ? ">= 0"
                        : "> 0") + ", got " + v);
            }
            if (!seen.add(v + 0.0)) {
                throw new IllegalArgumentException(name + " has " + v + " twice: " + Arrays.toString(values));
            }
        }
        return values.clone();
    }

    private static void checkWeights(double[] w, List<String> tasks) {
        if (w.length != tasks.size()) {
            throw new IllegalArgumentException("scalarization weight vector " + Arrays.toString(w) + " has "
                    + w.length + " entries, but the sweep has " + tasks.size() + " tasks " + tasks);
        }
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
            if (!Double.isFinite(w[k]) || w[k] < 0) {
                throw new IllegalArgumentException("scalarization weight vector " + Arrays.toString(w)
                        + ": the weight of task '" + tasks.get(k) + "' must be finite and >= 0, got " + w[k]);
            }
            sum += w[k];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("scalarization weight vector " + Arrays.toString(w)
                    + " is all zero");
        }
    }
}
