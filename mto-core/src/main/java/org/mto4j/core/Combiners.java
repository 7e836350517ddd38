package org.mto4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry: builds any method by its lower-case name with options named as in its paper.
 * <pre>
 *   GradientCombiner upgrad = Combiners.create("upgrad", Map.of());
 *   GradientCombiner cagrad = Combiners.create("cagrad", Map.of("c", 0.5, "rescale", "none"));
 * </pre>
 * Methods register themselves with a {@link CombinerProvider} through {@link ServiceLoader}; the first use loads
 * every provider on the class path. Thread-safe.
 *
 * @since 0.1.0
 */
public final class Combiners {

    private static final Logger LOG = LoggerFactory.getLogger(Combiners.class);

    private Combiners() {
    }

    private static final class Registry {
        static final Map<String, CombinerSpec> SPECS = load();

        private static Map<String, CombinerSpec> load() {
            Map<String, CombinerSpec> specs = new TreeMap<>();
            for (CombinerProvider provider : ServiceLoader.load(CombinerProvider.class,
                    Combiners.class.getClassLoader())) {
                LOG.debug("loading combiners from {}", provider.getClass().getName());
                for (CombinerSpec spec : provider.combiners()) {
                    CombinerSpec previous = specs.putIfAbsent(spec.name(), spec);
                    if (previous != null && previous != spec) {
                        throw new IllegalStateException("two providers register '" + spec.name() + "': "
                                + previous.description() + " and " + spec.description());
                    }
                }
            }
            LOG.debug("registered {} combiners: {}", specs.size(), specs.keySet());
            return Collections.unmodifiableMap(specs);
        }
    }

    /** {@return every registered name, sorted} */
    public static List<String> names() {
        return new ArrayList<>(Registry.SPECS.keySet());
    }

    /** {@return every registered method's entry, sorted by name} */
    public static List<CombinerSpec> specs() {
        return new ArrayList<>(Registry.SPECS.values());
    }

    /**
     * The registry entry of a method.
     *
     * @param name the method's registered name (case and surrounding blanks are ignored)
     * @return its entry: description, option names, factory
     * @throws IllegalArgumentException for an unknown name, listing the registered ones
     */
    public static CombinerSpec spec(String name) {
        Checks.notNull(name, "name");
        CombinerSpec spec = Registry.SPECS.get(name.trim().toLowerCase(Locale.ROOT));
        if (spec == null) {
            throw new IllegalArgumentException("unknown combiner '" + name + "'; registered combiners are "
                    + names() + (names().isEmpty() ? " (is mto-optimizers on the class path?)" : ""));
        }
        return spec;
    }

    /**
     * Builds a method with its default options.
     *
     * @param name the method's registered name, one of {@link #names()}
     * @return a new combiner
     * @throws IllegalArgumentException for an unknown name
     */
    public static GradientCombiner create(String name) {
        return create(name, Map.of());
    }

    /**
     * Builds a method.
     *
     * @param name    the method's registered name, one of {@link #names()}
     * @param options option name to value; unknown names are rejected with the list of valid ones
     * @return a new combiner
     * @throws IllegalArgumentException for an unknown name or option, or an invalid value
     */
    public static GradientCombiner create(String name, Map<String, ?> options) {
        GradientCombiner combiner = spec(name).create(options);
        LOG.debug("created {}", combiner);
        return combiner;
    }
}
