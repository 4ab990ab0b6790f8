package org.simvtp.models.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorStorePolicyTest {

    @Test
    void flatBelowTheLimitHnswFromIt(@TempDir Path indexDir) throws IOException {
        VectorStorePolicy policy = VectorStorePolicy.builder()
                .optFlatLimit(100)
                .optHnsw(HnswVectorStore.builder().optNumCandidates(50))
                .build();
        try (VectorStore small = policy.open(indexDir, 8, 99)) {
            assertInstanceOf(FlatVectorStore.class, small);
            assertFalse(Files.exists(indexDir.resolve(VectorStorePolicy.HNSW_FOLDER)));
        }
        try (VectorStore big = policy.open(indexDir, 8, 100)) {
            HnswVectorStore hnsw = assertInstanceOf(HnswVectorStore.class, big);
            assertEquals(indexDir.resolve("hnsw"), hnsw.folder());
            assertEquals(8, hnsw.dimension());
        }
        assertTrue(Files.isDirectory(indexDir.resolve("hnsw")));
        assertEquals(
                VectorStorePolicy.DEFAULT_FLAT_LIMIT,
                VectorStorePolicy.builder().build().flatLimit());
    }
}
