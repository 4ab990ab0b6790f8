package org.simvtp.jmh.bench;

import java.util.SplittableRandom;

/**
 * Random unit vectors, each regenerated from the set's seed and its row number alone, so that a benchmark can
 * stream a million rows twice without holding them. With {@code latentDim} 0 the vectors are uniform on the
 * sphere (Gaussian components, normalised): no structure at all, the worst case for graph search. With {@code
 * latentDim} {@code d > 0} they lie near a random {@code d}-dimensional subspace ({@code W·z + 0.1·noise}, {@code
 * W} a fixed random {@code dimension × d} matrix, {@code z} and the noise Gaussian), as embeddings of real data
 * lie near a low-dimensional manifold.
 *
 * <pre>{@code
 * RandomDirections data = new RandomDirections(42, 768, 32);
 * float[] v = data.row(123_456);   // the same vector on every call
 * }</pre>
 */
final class RandomDirections {

    private static final double NOISE = 0.1;

    private final long seed;
    private final int dimension;
    private final int latentDim;
    /** Row-major {@code dimension × latentDim}, scaled by {@code 1/sqrt(latentDim)}. */
    private final float[] basis;

    RandomDirections(long seed, int dimension, int latentDim) {
        if (latentDim < 0 || latentDim > dimension) {
            throw new IllegalArgumentException("latentDim must be 0 to " + dimension + ", got " + latentDim);
        }
        this.seed = seed;
        this.dimension = dimension;
        this.latentDim = latentDim;
        this.basis = new float[dimension * latentDim];
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < basis.length; i++) {
            basis[i] = (float) (rng.nextGaussian() / Math.sqrt(latentDim));
        }
    }

    /**
     * One unit vector.
     *
     * @param row the row number
     * @return a fresh array
     */
    float[] row(long row) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + row);
        float[] v = new float[dimension];
        double noise = latentDim == 0 ? 1 : NOISE / Math.sqrt(dimension);
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) (noise * rng.nextGaussian());
        }
        if (latentDim > 0) {
            float[] z = new float[latentDim];
            for (int j = 0; j < latentDim; j++) {
                z[j] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < dimension; i++) {
                float sum = 0;
                for (int j = 0; j < latentDim; j++) {
                    sum += basis[i * latentDim + j] * z[j];
                }
                v[i] += sum;
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimension; i++) {
            v[i] *= inv;
        }
        return v;
    }
}
