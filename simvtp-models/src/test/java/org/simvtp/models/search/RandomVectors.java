package org.simvtp.models.search;

import java.util.SplittableRandom;

/** Random directions (Gaussian components, then unit length) for the store tests. */
final class RandomVectors {

    private RandomVectors() {}

    static float[][] unit(int n, int dimension, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] out = new float[n][dimension];
        for (float[] v : out) {
            double sum = 0;
            for (int i = 0; i < dimension; i++) {
                v[i] = (float) rng.nextGaussian();
                sum += (double) v[i] * v[i];
            }
            float inv = (float) (1 / Math.sqrt(sum));
            for (int i = 0; i < dimension; i++) {
                v[i] *= inv;
            }
        }
        return out;
    }

    static float dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return (float) sum;
    }
}
