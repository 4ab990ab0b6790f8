package org.simvtp.models.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HnswVectorStoreTest {

    @TempDir
    Path dir;

    private HnswVectorStore open(int dimension) throws IOException {
        return HnswVectorStore.builder()
                .setFolder(dir.resolve("hnsw"))
                .setDimension(dimension)
                .build();
    }

    @Test
    void agreesWithExactSearchOnRandomVectors() throws IOException {
        int n = 5000;
        int dim = 64;
        float[][] rows = RandomVectors.unit(n, dim, 1);
        float[][] queries = RandomVectors.unit(100, dim, 2);
        FlatVectorStore exact = new FlatVectorStore(dim);
        Map<String, float[]> byKey = new HashMap<>();
        try (HnswVectorStore hnsw = open(dim)) {
            for (int i = 0; i < n; i++) {
                String key = "clip" + (i / 10) + ".mp4#" + (i % 10) + ".000";
                exact.put(key, rows[i]);
                hnsw.put(key, rows[i]);
                byKey.put(key, rows[i]);
            }
            int found = 0;
            for (float[] q : queries) {
                Set<String> truth =
                        exact.search(q, 10).stream().map(VectorHit::key).collect(Collectors.toSet());
                List<VectorHit> approx = hnsw.search(q, 10);
                assertEquals(10, approx.size());
                for (VectorHit h : approx) {
                    assertEquals(RandomVectors.dot(byKey.get(h.key()), q), h.score(), 1e-5, h.key());
                    found += truth.contains(h.key()) ? 1 : 0;
                }
            }
            double recall = found / (10.0 * queries.length);
            assertTrue(recall >= 0.95, "recall@10 " + recall);
        }
    }

    @Test
    void incrementalChangesPersistAcrossReopen() throws IOException {
        float[][] v = RandomVectors.unit(300, 16, 3);
        try (HnswVectorStore store = open(16)) {
            for (int i = 0; i < 200; i++) {
                store.put("a/" + i, v[i]);
            }
        }
        try (HnswVectorStore store = open(16)) {
            assertEquals(200, store.size());
            for (int i = 200; i < 300; i++) {
                store.put("b/" + i, v[i]);
            }
            store.deletePrefix("a/1"); // a/1, a/10-19, a/100-199: 111 rows
            store.put("a/0", v[250]); // replaces
            store.commit();
        }
        try (HnswVectorStore store = open(16)) {
            assertEquals(200 - 111 + 100, store.size());
            List<VectorHit> hits = store.search(v[250], 2);
            assertEquals(
                    Set.of("a/0", "b/250"), hits.stream().map(VectorHit::key).collect(Collectors.toSet()));
            assertEquals(1f, hits.get(0).score(), 1e-5);
            assertEquals("a/2", store.search(v[2], 1).get(0).key());
            assertTrue(store.search(v[150], 5).stream().noneMatch(h -> h.key().equals("a/150")));
        }
    }

    @Test
    void truncatedSegmentFileIsReportedWithTheFolder() throws IOException {
        fill(16);
        Path biggest = largestFile();
        try (RandomAccessFile f = new RandomAccessFile(biggest.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertCorrupt();
    }

    @Test
    void garbledCommitPointIsReportedWithTheFolder() throws IOException {
        fill(16);
        Path segments;
        try (Stream<Path> files = Files.list(dir.resolve("hnsw"))) {
            segments = files.filter(p -> p.getFileName().toString().startsWith("segments_"))
                    .findFirst()
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segments);
        for (int i = bytes.length / 3; i < bytes.length / 3 + 8; i++) {
            bytes[i] ^= (byte) 0x5a;
        }
        Files.write(segments, bytes);
        assertCorrupt();
    }

    @Test
    void otherDimensionAndSecondOpenAreRefused() throws IOException {
        fill(16);
        IOException dim = assertThrows(IOException.class, () -> open(32));
        assertTrue(
                dim.getMessage().contains("16-d")
                        && dim.getMessage().contains(dir.resolve("hnsw").toString()),
                dim.getMessage());
        try (HnswVectorStore first = open(16)) {
            IOException locked = assertThrows(IOException.class, () -> open(16));
            assertTrue(locked.getMessage().contains("open in another store"), locked.getMessage());
            assertEquals(100, first.size());
        }
    }

    @Test
    void builderNamesMissingSettings() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> HnswVectorStore.builder().setDimension(8).build());
        assertTrue(e.getMessage().contains("setFolder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HnswVectorStore.builder()
                .setFolder(dir)
                .setDimension(8)
                .optMaxConnections(0)
                .build());
    }

    @Test
    void luceneDotProductScoreMapsBackToTheCosine() {
        assertEquals(1f, HnswVectorStore.cosine(1f));
        assertEquals(0f, HnswVectorStore.cosine(0.5f));
        assertEquals(-1f, HnswVectorStore.cosine(0f));
    }

    private void fill(int dimension) throws IOException {
        float[][] v = RandomVectors.unit(100, dimension, 5);
        try (HnswVectorStore store = open(dimension)) {
            for (int i = 0; i < v.length; i++) {
                store.put("k" + i, v[i]);
            }
        }
    }

    private Path largestFile() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("hnsw"))) {
            return files.filter(p -> !p.getFileName().toString().equals("write.lock"))
                    .max(Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
        }
    }

    private void assertCorrupt() {
        IOException e = assertThrows(IOException.class, () -> open(16));
        assertTrue(e.getMessage().contains("corrupt or unreadable"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("hnsw").toString()), e.getMessage());
    }

    @Test
    void keysAreUniqueInResults() throws IOException {
        float[][] v = RandomVectors.unit(50, 8, 9);
        try (HnswVectorStore store = open(8)) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < v.length; i++) {
                    store.put("k" + i, v[(i + round) % v.length]);
                }
                store.commit();
            }
            List<VectorHit> hits = store.search(v[0], 50);
            assertEquals(50, new HashSet<>(hits.stream().map(VectorHit::key).collect(Collectors.toList())).size());
        }
    }
}
