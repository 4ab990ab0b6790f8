package org.simvtp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SinusoidTableTest {

    @Test
    void matchesHandComputedValues() {
        float[] t = SinusoidTable.values(3, 4);
        // p = 0: sin(0), cos(0), sin(0), cos(0)
        assertArrayEquals(new float[] {0f, 1f, 0f, 1f}, slice(t, 0, 4), 0f);
        // p = 1, d = 4: channels 0/1 use 10000^0 = 1, channels 2/3 use 10000^(2/4) = 100
        assertArrayEquals(
                new float[] {(float) Math.sin(1), (float) Math.cos(1), (float) Math.sin(0.01), (float) Math.cos(0.01)},
                slice(t, 4, 4),
                0f);
        // p = 2
        assertEquals((float) Math.sin(2), t[8], 0f);
        assertEquals((float) Math.cos(0.02), t[11], 0f);
    }

    @Test
    void oddWidthUsesTheSameFormula() {
        float[] t = SinusoidTable.values(2, 3);
        double freq2 = Math.pow(10000.0, 2.0 / 3.0);
        assertEquals((float) Math.sin(1 / freq2), t[3 + 2], 0f);
    }

    @Test
    void matchesReferenceTables() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList expected = ParityBundle.tensors(manager, "expected.safetensors");
            assertTable(expected.get("sinusoid_enc"), 32, 64);
            assertTable(expected.get("sinusoid_dec"), 32, 32);
        }
    }

    @Test
    void createsFloatNdArray() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray table = SinusoidTable.create(manager, 5, 6);
            assertEquals(new Shape(5, 6), table.getShape());
            assertEquals(DataType.FLOAT32, table.getDataType());
            assertArrayEquals(SinusoidTable.values(5, 6), table.toFloatArray(), 0f);
        }
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> SinusoidTable.values(0, 4));
        assertThrows(IllegalArgumentException.class, () -> SinusoidTable.values(4, -1));
    }

    private static void assertTable(NDArray expected, int positions, int dim) {
        Shape shape = expected.getShape();
        assertEquals(positions * dim, shape.size(), "reference table " + shape);
        float[] want = expected.toFloatArray();
        float[] got = SinusoidTable.values(positions, dim);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6f, "element [" + i / dim + "][" + i % dim + "]");
        }
    }

    private static float[] slice(float[] a, int from, int len) {
        float[] out = new float[len];
        System.arraycopy(a, from, out, 0, len);
        return out;
    }
}
