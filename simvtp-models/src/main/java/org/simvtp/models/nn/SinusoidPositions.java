package org.simvtp.models.nn;

/** Temporary: replaced by the core sinusoid table. */
final class SinusoidPositions {
    private SinusoidPositions() {}

    static float[] table(int positions, int dim) {
        float[] out = new float[positions * dim];
        for (int p = 0; p < positions; p++) {
            for (int j = 0; j < dim; j++) {
                double angle = p / Math.pow(10000, 2.0 * (j / 2) / dim);
                out[p * dim + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return out;
    }
}
