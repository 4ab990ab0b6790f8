package org.simvtp.train.checkpoint;

/**
 * One named, counter-based random stream of a {@link TrainingRng} (SplitMix64: value {@code k} is
 * {@code mix64(seed + k * 0x9e3779b97f4a7c15)}), so its whole state is a seed and a counter.
 *
 * <p>Not thread-safe: give each consumer thread its own stream.
 *
 * <pre>{@code
 * RngStream shuffle = rng.stream("data.shuffle");
 * int[] order = shuffle.permutation(datasetSize);
 * }</pre>
 */
public final class RngStream {

    static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final String name;
    private final long seed;
    private long counter;

    RngStream(String name, long seed, long counter) {
        this.name = name;
        this.seed = seed;
        this.counter = counter;
    }

    /**
     * Returns the stream name.
     *
     * @return the name given to {@link TrainingRng#stream(String)}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the number of 64-bit values drawn so far.
     *
     * @return the counter saved in checkpoints
     */
    public long counter() {
        return counter;
    }

    /**
     * Returns the next uniformly distributed 64-bit value.
     *
     * @return a random long
     */
    public long nextLong() {
        counter++;
        return mix64(seed + counter * GOLDEN_GAMMA);
    }

    /**
     * Returns an unbiased uniform int in {@code [0, bound)}.
     *
     * @param bound a positive bound
     * @return a random int
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = (1L << 31) - ((1L << 31) % bound);
        long u;
        do {
            u = nextLong() >>> 33;
        } while (u >= limit);
        return (int) (u % bound);
    }

    /**
     * Returns a uniform double in {@code [0, 1)} with 53 random bits.
     *
     * @return a random double
     */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Returns a uniform float in {@code [0, 1)} with 24 random bits.
     *
     * @return a random float
     */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /**
     * Returns a random permutation of {@code 0 .. n-1} (Fisher–Yates).
     *
     * @param n the length, at least 0
     * @return the permutation
     */
    public int[] permutation(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
