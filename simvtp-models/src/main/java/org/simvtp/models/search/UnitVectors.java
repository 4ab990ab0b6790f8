package org.simvtp.models.search;

/** Checks and normalises vectors for the stores: every stored and query vector has unit length. */
final class UnitVectors {

    private UnitVectors() {}

    /**
     * A unit-length copy of {@code vector}.
     *
     * @param what names the vector in error messages (e.g. "the vector of row clip.mp4#1.000")
     * @param vector the vector
     * @param dimension the expected dimension
     * @return the normalised copy
     * @throws IllegalArgumentException if the dimension differs or the vector is zero or not finite
     */
    static float[] normalised(String what, float[] vector, int dimension) {
        if (vector == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (vector.length != dimension) {
            throw new IllegalArgumentException(
                    what + " has dimension " + vector.length + ", the store holds " + dimension);
        }
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        double norm = Math.sqrt(sum);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new IllegalArgumentException(what + " is zero or not finite (L2 norm " + norm + ")");
        }
        float[] out = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            out[i] = (float) (vector[i] / norm);
        }
        return out;
    }

    /**
     * The dot product of two vectors of equal length.
     *
     * @param a one vector
     * @param offset where {@code a}'s vector starts
     * @param b the other vector, from index 0
     * @return the dot product
     */
    static float dot(float[] a, int offset, float[] b) {
        float sum = 0;
        for (int i = 0; i < b.length; i++) {
            sum += a[offset + i] * b[i];
        }
        return sum;
    }

    /**
     * Checks a search's {@code k}.
     *
     * @param k the number of hits asked for
     * @throws IllegalArgumentException unless positive
     */
    static void checkK(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
    }

    /**
     * Checks a row key.
     *
     * @param key the key
     * @throws IllegalArgumentException if null
     */
    static void checkKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("the key must not be null");
        }
    }

    /**
     * Checks a delete prefix.
     *
     * @param prefix the prefix
     * @throws IllegalArgumentException if null or empty
     */
    static void checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("the key prefix must not be empty");
        }
    }
}
