package org.simvtp.train.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.simvtp.train.optim.Backprop;

class LocalGradientReducerTest {

    private static Map<String, NDArray> replica(NDManager m) {
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("w", m.create(new float[] {1f, 2f, 3f, 4f}, new Shape(2, 2)));
        p.put("b", m.create(new float[] {0.5f, -0.5f}));
        p.values().forEach(a -> a.setRequiresGradient(true));
        return p;
    }

    private static Map<String, NDArray> grads(Map<String, NDArray> params) {
        Map<String, NDArray> g = new LinkedHashMap<>();
        params.forEach((k, v) -> g.put(k, v.getGradient()));
        return g;
    }

    @Test
    void twoCpuReplicasEndUpWithTheMeanGradient() {
        try (NDManager m0 = NDManager.newBaseManager();
                NDManager m1 = NDManager.newBaseManager()) {
            Map<String, NDArray> r0 = replica(m0);
            Map<String, NDArray> r1 = replica(m1);
            Backprop.linearLoss(m0, r0, Map.of("w", new float[] {1f, 2f, 3f, 4f}, "b", new float[] {10f, 0f}));
            Backprop.linearLoss(m1, r1, Map.of("w", new float[] {3f, 0f, -3f, 8f}, "b", new float[] {-2f, 4f}));
            int live0 = m0.getManagedArrays().size();
            int live1 = m1.getManagedArrays().size();
            new LocalGradientReducer().allReduceMean(List.of(grads(r0), grads(r1)));
            // grads() leaked 2 wrappers per replica by design of getGradient; nothing else may remain
            assertEquals(live0 + 2, m0.getManagedArrays().size());
            assertEquals(live1 + 2, m1.getManagedArrays().size());
            for (Map<String, NDArray> r : List.of(r0, r1)) {
                // fresh gradient views: the parameters' own .grad was overwritten in place
                assertArrayEquals(
                        new float[] {2f, 1f, 0f, 6f}, r.get("w").getGradient().toFloatArray());
                assertArrayEquals(new float[] {4f, 2f}, r.get("b").getGradient().toFloatArray());
            }
        }
    }

    @Test
    void singleReplicaIsUnchangedAndMismatchesAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g = m.create(new float[] {1f, 2f});
            new LocalGradientReducer().allReduceMean(List.of(Map.of("g", g)));
            assertArrayEquals(new float[] {1f, 2f}, g.toFloatArray());
            LocalGradientReducer reducer = new LocalGradientReducer();
            assertThrows(
                    IllegalArgumentException.class,
                    () -> reducer.allReduceMean(List.of(Map.of("g", g), Map.of("h", g))));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> reducer.allReduceMean(List.of(Map.of("g", g), Map.of("g", m.zeros(new Shape(3))))));
            assertThrows(IllegalArgumentException.class, () -> reducer.allReduceMean(List.of()));
        }
    }

    @Test
    void threeReplicasAverageInOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1f});
            NDArray b = m.create(new float[] {2f});
            NDArray c = m.create(new float[] {6f});
            new LocalGradientReducer().allReduceMean(List.of(Map.of("x", a), Map.of("x", b), Map.of("x", c)));
            for (NDArray x : List.of(a, b, c)) {
                assertEquals(3f, x.getFloat(0));
            }
        }
    }
}
