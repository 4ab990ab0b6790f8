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

class DynamicLossScalerTest {

    @Test
    void growsAfterEachWindowOfFiniteSteps() {
        DynamicLossScaler s = DynamicLossScaler.builder().build();
        assertEquals(128.0, s.scale());
        for (int i = 0; i < 127; i++) {
            assertTrue(s.update(false));
        }
        assertEquals(128.0, s.scale());
        assertTrue(s.update(false));
        assertEquals(256.0, s.scale());
        for (int i = 0; i < 128; i++) {
            s.update(false);
        }
        assertEquals(512.0, s.scale());
    }

    @Test
    void halvesAndSkipsOnOverflowAndRestartsTheWindow() {
        DynamicLossScaler s = DynamicLossScaler.builder().optInitialScale(65536).build();
        for (int i = 0; i < 100; i++) {
            s.update(false);
        }
        assertFalse(s.update(true));
        assertEquals(32768.0, s.scale());
        for (int i = 0; i < 127; i++) {
            s.update(false);
        }
        assertEquals(32768.0, s.scale(), "window restarts after an overflow");
        s.update(false);
        assertEquals(65536.0, s.scale());
        assertEquals(1, s.state().skippedSteps());
    }

    @Test
    void neverGoesBelowMinimumScale() {
        DynamicLossScaler s =
                DynamicLossScaler.builder().optInitialScale(4).optMinScale(1).build();
        for (int i = 0; i < 5; i++) {
            s.update(true);
        }
        assertEquals(1.0, s.scale());
    }

    @Test
    void hysteresisDelaysBackoff() {
        DynamicLossScaler s = DynamicLossScaler.builder()
                .optHysteresis(2)
                .optGrowthInterval(4)
                .build();
        assertFalse(s.update(true));
        assertEquals(128.0, s.scale());
        assertFalse(s.update(true));
        assertEquals(64.0, s.scale());
        assertFalse(s.update(true));
        assertEquals(32.0, s.scale());
        for (int i = 0; i < 4; i++) {
            s.update(false);
        }
        assertEquals(64.0, s.scale());
        s.update(true);
        assertEquals(64.0, s.scale(), "hysteresis is restored after growth");
    }

    @Test
    void detectsInjectedInfAndNanAndUnscalesFiniteGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            DynamicLossScaler s = DynamicLossScaler.builder().optInitialScale(8).build();
            NDArray ok = m.create(new float[] {8f, -16f});
            NDArray inf = m.create(new float[] {1f, Float.POSITIVE_INFINITY});
            NDArray nan = m.create(new float[] {Float.NaN, 1f});
            int before = m.getManagedArrays().size();
            assertFalse(DynamicLossScaler.hasNonFinite(List.of(ok)));
            assertTrue(DynamicLossScaler.hasNonFinite(List.of(ok, inf)));
            assertTrue(DynamicLossScaler.hasNonFinite(List.of(nan)));
            assertEquals(before, m.getManagedArrays().size(), "temporaries must be closed");

            assertFalse(s.unscaleAndUpdate(List.of(ok, nan)));
            assertArrayEquals(new float[] {8f, -16f}, ok.toFloatArray(), "not unscaled on overflow");
            assertEquals(4.0, s.scale());
            assertTrue(s.unscaleAndUpdate(List.of(ok)));
            assertArrayEquals(new float[] {2f, -4f}, ok.toFloatArray());
        }
    }

    @Test
    void stateRoundTrip() {
        DynamicLossScaler a = DynamicLossScaler.builder().build();
        for (int i = 0; i < 50; i++) {
            a.update(i == 10);
        }
        DynamicLossScaler b = DynamicLossScaler.builder().build();
        b.restore(a.state());
        for (int i = 0; i < 200; i++) {
            a.update(false);
            b.update(false);
        }
        assertEquals(a.state(), b.state());
        assertThrows(IllegalArgumentException.class, () -> b.restore(new DynamicLossScaler.State(0, 0, 1, 0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> DynamicLossScaler.builder().optGrowthInterval(0).build());
    }
}
