package org.simvtp.data.loader;

/** Seed derivation: SplitMix64 chained over the parts. */
final class Seeds {
    static final long PERMUTATION = 0x7065726d75746520L;
    static final long SAMPLE = 0x73616d706c652020L;
    static final long REPLACEMENT = 0x7265706c61636520L;

    private Seeds() {}

    static long mix(long... parts) {
        long h = 0x6A09E667F3BCC909L;
        for (long p : parts) {
            h = splitMix64(h ^ p);
        }
        return h;
    }

    private static long splitMix64(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
