package org.simvtp.models.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link VectorStore} does, checked on the flat and the HNSW store alike. */
class VectorStoreContractTest {

    private static final int DIM = 8;

    @TempDir
    Path dir;

    private VectorStore open(String kind) throws IOException {
        return kind.equals("flat")
                ? new FlatVectorStore(DIM)
                : HnswVectorStore.builder()
                        .setFolder(dir.resolve("hnsw"))
                        .setDimension(DIM)
                        .build();
    }

    private static float[] axis(int i, float length) {
        float[] v = new float[DIM];
        v[i] = length;
        return v;
    }

    private static List<String> keys(List<VectorHit> hits) {
        return hits.stream().map(VectorHit::key).collect(Collectors.toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "hnsw"})
    void putReplacesByKeyAndScoresAreCosines(String kind) throws IOException {
        try (VectorStore store = open(kind)) {
            store.put("a", axis(0, 3f)); // stored normalised
            store.put("b", axis(1, 1f));
            store.put("a", axis(2, 0.5f)); // replaces "a"
            assertEquals(2, store.size());
            float[] query = new float[DIM];
            query[2] = 2f;
            query[1] = 2f;
            List<VectorHit> hits = store.search(query, 5);
            assertEquals(List.of("a", "b"), keys(hits)); // tie on score: by key
            for (VectorHit h : hits) {
                assertEquals(Math.sqrt(0.5), h.score(), 1e-5, h.key());
            }
            List<VectorHit> opposite = store.search(axis(1, -1f), 2); // a: orthogonal, b: opposite
            assertEquals(List.of("a", "b"), keys(opposite));
            assertEquals(0f, opposite.get(0).score(), 1e-5);
            assertEquals(-1f, opposite.get(1).score(), 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "hnsw"})
    void deletesByKeyAndByPrefix(String kind) throws IOException {
        try (VectorStore store = open(kind)) {
            float[][] v = RandomVectors.unit(6, DIM, 7);
            store.put("x.mp4#0.000", v[0]);
            store.put("x.mp4#2.000", v[1]);
            store.put("x.mp4.bak#0.000", v[2]);
            store.put("y.mp4#0.000", v[3]);
            store.put("y.mp4#2.000", v[4]);
            store.delete("y.mp4#2.000");
            store.delete("absent");
            store.deletePrefix("x.mp4#");
            assertEquals(2, store.size());
            assertEquals(
                    List.of("x.mp4.bak#0.000", "y.mp4#0.000"),
                    keys(store.search(v[5], 10)).stream().sorted().collect(Collectors.toList()));
            assertEquals("y.mp4#0.000", store.search(v[3], 1).get(0).key());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "hnsw"})
    void concurrentPutsAndSearchesLoseNothing(String kind) throws Exception {
        float[][] v = RandomVectors.unit(800, DIM, 11);
        try (VectorStore store = open(kind)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int first = t * 200;
                    jobs.add(pool.submit(() -> {
                        for (int i = first; i < first + 200; i++) {
                            store.put("r" + i, v[i]);
                        }
                        return null;
                    }));
                }
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        assertTrue(store.search(v[600 + i], 5).size() <= 5);
                    }
                    return null;
                }));
                for (Future<?> job : jobs) {
                    job.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(600, store.size());
            assertEquals("r123", store.search(v[123], 1).get(0).key());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "hnsw"})
    void rejectsBadVectorsNamingTheRow(String kind) throws IOException {
        try (VectorStore store = open(kind)) {
            IllegalArgumentException zero =
                    assertThrows(IllegalArgumentException.class, () -> store.put("z", new float[DIM]));
            assertTrue(zero.getMessage().contains("row z"), zero.getMessage());
            IllegalArgumentException dim =
                    assertThrows(IllegalArgumentException.class, () -> store.put("w", new float[DIM + 1]));
            assertTrue(dim.getMessage().contains("dimension " + (DIM + 1)), dim.getMessage());
            float[] nan = axis(0, 1f);
            nan[1] = Float.NaN;
            assertThrows(IllegalArgumentException.class, () -> store.search(nan, 1));
            assertThrows(IllegalArgumentException.class, () -> store.search(axis(0, 1f), 0));
            assertThrows(IllegalArgumentException.class, () -> store.deletePrefix(""));
            assertThrows(IllegalArgumentException.class, () -> store.put(null, axis(0, 1f)));
            assertThrows(IllegalArgumentException.class, () -> store.delete(null));
            assertEquals(0, store.size());
            assertEquals(List.of(), store.search(axis(0, 1f), 3));
        }
    }
}
