package org.mto4j.core;

import java.util.List;

/**
 * A module's contribution to the registry, found through {@link java.util.ServiceLoader}: list the implementing
 * class in {@code META-INF/services/org.mto4j.core.CombinerProvider}. mto-core depends on no provider.
 *
 * @since 0.1.0
 */
public interface CombinerProvider {

    /** {@return the methods this module offers} */
    List<CombinerSpec> combiners();
}
