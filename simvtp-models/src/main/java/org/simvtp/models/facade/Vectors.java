package org.simvtp.models.facade;

/** Embedding arithmetic shared by the facade: L2 normalisation and the dot product of unit vectors. */
final class Vectors {

    private Vectors() {}

    /**
     * A copy of {@code v} with unit L2 norm (a zero vector stays zero: the norm is floored at 1e-12, as
     * {@code torch.nn.functional.normalize} does).
     */
    static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    /** The dot product of two vectors of equal length (the cosine when both are unit vectors). */
    static float dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return (float) s;
    }
}
