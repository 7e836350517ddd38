package org.mto4j.optimizers;

/**
 * Reproducible randomness from a seed the caller sets: a generator seed per step, and counter-based uniform draws
 * (a value per index that does not depend on the order or the thread in which indices are visited).
 */
final class SeedStreams {

    private SeedStreams() {
    }

    /** The seed of step {@code step}'s generator: both mixed so that neighbouring seeds and steps are unrelated. */
    static long streamSeed(long seed, long step) {
        return mix(seed ^ mix(step + 0x9E3779B97F4A7C15L));
    }

    /** A uniform draw in [0, 1) for {@code index} of the stream {@code stream}: 53 bits of a mixed counter. */
    static double uniform(long stream, long index) {
        return (mix(stream + index * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser: a bijection of the 64-bit integers that scrambles every input bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
