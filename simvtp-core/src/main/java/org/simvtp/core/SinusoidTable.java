package org.simvtp.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Fixed 1-D sinusoid position table of the reference encoder and decoder (spec §1.2).
 *
 * <p>For position {@code p} and channel {@code j} of a table of width {@code d}:
 * {@code angle = p / 10000^(2·floor(j/2)/d)}; even channels hold {@code sin(angle)}, odd channels
 * {@code cos(angle)} (interleaved, not two concatenated halves). Values are computed in double precision and
 * then rounded to float, as the reference does with numpy float64 followed by a float32 cast. The table is not a
 * parameter: checkpoints do not contain it, so it is regenerated from its size.
 *
 * <pre>{@code
 * float[] table = SinusoidTable.values(1568, 768);   // row-major [1568][768]
 * NDArray posEmbed = SinusoidTable.create(manager, 1568, 768); // shape (1568, 768), float32
 * }</pre>
 */
public final class SinusoidTable {

    private SinusoidTable() {}

    /**
     * Computes the table as a row-major float array.
     *
     * <pre>{@code
     * float[] t = SinusoidTable.values(4, 8);
     * float sinOfPos1 = t[1 * 8]; // sin(1) for channel 0
     * }</pre>
     *
     * @param positions number of rows (token positions), at least 1
     * @param dim number of channels, at least 1
     * @return {@code positions · dim} values, element {@code [p][j]} at index {@code p·dim + j}
     * @throws IllegalArgumentException if a size is not positive or the table would exceed an int array
     */
    public static float[] values(int positions, int dim) {
        if (positions <= 0 || dim <= 0) {
            throw new IllegalArgumentException(
                    "sinusoid table needs positive sizes, got positions=" + positions + ", dim=" + dim);
        }
        if ((long) positions * dim > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "sinusoid table of " + positions + " x " + dim + " does not fit in one array");
        }
        double[] inverseFrequency = new double[dim];
        for (int j = 0; j < dim; j++) {
            int pair = j / 2; // sin and cos of a pair share one frequency
            inverseFrequency[j] = Math.pow(10000.0, 2.0 * pair / dim);
        }
        float[] out = new float[positions * dim];
        for (int p = 0; p < positions; p++) {
            int row = p * dim;
            for (int j = 0; j < dim; j++) {
                double angle = p / inverseFrequency[j];
                out[row + j] = (float) ((j & 1) == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return out;
    }

    /**
     * Creates the table as a float32 NDArray of shape {@code (positions, dim)} in the given manager.
     *
     * <pre>{@code
     * NDArray enc = SinusoidTable.create(manager, config.numVideoTokens(), config.encoderWidth());
     * NDArray withPos = tokens.add(enc); // activation first, so the result follows the activation's manager
     * }</pre>
     *
     * @param manager the manager that will own the table
     * @param positions number of rows (token positions)
     * @param dim number of channels
     * @return the table, shape {@code (positions, dim)}
     */
    public static NDArray create(NDManager manager, int positions, int dim) {
        return manager.create(values(positions, dim), new Shape(positions, dim));
    }
}
