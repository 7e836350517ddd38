package org.mto4j.core;

import java.util.Set;
import java.util.function.Function;

/**
 * One entry of the registry: a method's name, a one-line description, the option names it accepts (named as in
 * its paper), and how to build it from options.
 *
 * @since 0.1.0
 */
public record CombinerSpec(String name, String description, Set<String> options,
        Function<Options, GradientCombiner> factory) {

    /**
     * Validates the entry.
     *
     * @param name        the lower-case name {@link Combiners#create(String, java.util.Map)} knows it by
     * @param description one line for listings
     * @param options     the option names the method accepts; copied
     * @param factory     builds the method from validated options
     * @throws IllegalArgumentException for a null component or a name that is blank or not lower case
     */
    public CombinerSpec {
        Checks.notNull(name, "name");
        Checks.notNull(description, "description");
        options = Set.copyOf(Checks.notNull(options, "options"));
        Checks.notNull(factory, "factory");
        if (!name.equals(name.toLowerCase(java.util.Locale.ROOT)) || name.isBlank()) {
            throw new IllegalArgumentException("name must be lower case and not blank, got '" + name + "'");
        }
    }

    /**
     * Builds the method, rejecting options it does not know.
     *
     * @param userOptions option name to value
     * @return a new combiner
     * @throws IllegalArgumentException for an unknown option (listing the valid ones) or an invalid value
     */
    public GradientCombiner create(java.util.Map<String, ?> userOptions) {
        return factory.apply(Options.of(name, userOptions, options));
    }
}
