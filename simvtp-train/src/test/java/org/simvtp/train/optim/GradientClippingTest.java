package org.simvtp.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    @Test
    void clipsToMaxGlobalNormAndReturnsNormBeforeClipping() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {3f, 0f});
            NDArray b = m.create(new float[] {0f, 4f, 0f, 0f}); // global norm 5
            int before = m.getManagedArrays().size();
            double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);
            assertEquals(5.0, norm, 1e-6);
            assertArrayEquals(new float[] {0.6f, 0f}, a.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0f, 0.8f, 0f, 0f}, b.toFloatArray(), 1e-6f);
            assertEquals(1.0, GradientClipping.globalNorm(List.of(a, b)), 1e-5);
            assertEquals(before, m.getManagedArrays().size(), "temporaries must be closed");
        }
    }

    @Test
    void leavesSmallOrNonFiniteGradientsAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {0.3f, 0.4f});
            assertEquals(0.5, GradientClipping.globalNorm(List.of(a)), 1e-6);
            GradientClipping.clipGlobalNorm(List.of(a), 1.0);
            assertArrayEquals(new float[] {0.3f, 0.4f}, a.toFloatArray());
            NDArray bad = m.create(new float[] {Float.POSITIVE_INFINITY, 1f});
            assertTrue(Double.isInfinite(GradientClipping.clipGlobalNorm(List.of(bad), 1.0)));
            assertEquals(1f, bad.getFloat(1));
        }
    }

    @Test
    void offByDefault() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {30f, 40f});
            assertFalse(GradientClipping.none().enabled());
            assertTrue(Double.isNaN(GradientClipping.none().apply(List.of(a))));
            assertArrayEquals(new float[] {30f, 40f}, a.toFloatArray());
            assertEquals(50.0, GradientClipping.globalNorm(2.0).apply(List.of(a)), 1e-4);
            assertArrayEquals(new float[] {1.2f, 1.6f}, a.toFloatArray(), 1e-5f);
            assertThrows(IllegalArgumentException.class, () -> GradientClipping.globalNorm(0));
        }
    }
}
