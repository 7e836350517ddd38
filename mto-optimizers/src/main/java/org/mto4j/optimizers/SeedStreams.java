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

    /**
     * The counter hash of {@code index} in the stream {@code stream}: 32 well-mixed bits (MurmurHash3's finaliser of
     * the index offset and keyed by the stream). Int arithmetic only, so a loop over consecutive indices vectorises.
     */
    static int hash(long stream, int index) {
        int h = (index + (int) stream) * 0x9E3779B9 ^ (int) (stream >>> 32);
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    /** A uniform draw in [0, 1) from a hash: its top 31 bits. */
    static double unit(int hash) {
        return (hash >>> 1) * 0x1.0p-31;
    }

    /** The uniform draw of {@code index} in the stream {@code stream}: {@code unit(hash(stream, index))}. */
    static double uniform(long stream, long index) {
        return unit(hash(stream, (int) index));
    }

    /** SplitMix64's finaliser: a bijection of the 64-bit integers that scrambles every input bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
