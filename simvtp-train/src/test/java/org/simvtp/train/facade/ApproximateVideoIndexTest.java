package org.simvtp.train.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.models.facade.IndexOptions;
import org.simvtp.models.facade.IndexRow;
import org.simvtp.models.facade.SearchHit;
import org.simvtp.models.facade.VideoIndex;
import org.simvtp.models.search.VectorStorePolicy;

/** A moment index past its flat limit searches through the HNSW store, kept in step with the embeddings. */
class ApproximateVideoIndexTest extends TinySimvtpTest {

    private static IndexOptions limit(int windows) {
        return IndexOptions.builder()
                .optVectorStorePolicy(
                        VectorStorePolicy.builder().optFlatLimit(windows).build())
                .build();
    }

    @Test
    void approximateSearchMatchesExactAndFollowsUpdates(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("videos");
        List<Path> clips = FacadeFixtures.writeVideos(folder, "clip", 4, 21);
        Path indexDir = dir.resolve("index");
        Path hnsw = indexDir.resolve(VectorStorePolicy.HNSW_FOLDER);
        try (VideoIndex small = VideoIndex.open(simvtp, folder, dir.resolve("exact"), limit(1000))) {
            small.update();
            assertFalse(small.isApproximate());
            assertFalse(Files.exists(dir.resolve("exact").resolve(VectorStorePolicy.HNSW_FOLDER)));
        }
        try (VideoIndex index = VideoIndex.open(simvtp, folder, indexDir, limit(4))) {
            assertFalse(index.isApproximate());
            index.update();
            assertEquals(8, index.rowCount());
            assertTrue(index.isApproximate());
            assertTrue(Files.isDirectory(hnsw));
            assertSameMoments(index);
        }
        // reopened: the stamped store is adopted as it is (a rebuild would delete the folder and the marker)
        Path marker = hnsw.resolve("marker.txt");
        Files.writeString(marker, "kept unless the store is rebuilt");
        try (VideoIndex index = VideoIndex.open(simvtp, folder, indexDir, limit(4))) {
            assertTrue(index.isApproximate());
            assertTrue(Files.exists(marker));
            assertSameMoments(index);
            // a removed file's windows leave the store
            Files.delete(clips.get(1));
            index.update();
            assertEquals(6, index.rowCount());
            for (IndexRow row : index.rows()) {
                for (SearchHit hit : index.search(row.vector(), 3)) {
                    assertFalse(hit.video().equals(clips.get(1)), "removed video found: " + hit);
                }
            }
            assertSameMoments(index);
        }
        // the store followed the removal: its size and stamp match, so it is adopted again
        try (VideoIndex index = VideoIndex.open(simvtp, folder, indexDir, limit(4))) {
            assertTrue(index.isApproximate());
            assertTrue(Files.exists(marker));
        }
        // a store that does not match the manifest (e.g. an interrupted save) is rebuilt from the embeddings
        Files.writeString(hnsw.resolve("manifest.sha256"), "0000");
        try (VideoIndex index = VideoIndex.open(simvtp, folder, indexDir, limit(4))) {
            assertTrue(index.isApproximate());
            assertFalse(Files.exists(marker));
            assertSameMoments(index);
        }
        // a damaged store is rebuilt too: it is derived data, the embeddings stay the record
        try (var files = Files.list(hnsw)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("segments"))
                    .toList()) {
                Files.write(f, new byte[] {1, 2, 3});
            }
        }
        try (VideoIndex index = VideoIndex.open(simvtp, folder, indexDir, limit(4))) {
            assertTrue(index.isApproximate());
            assertSameMoments(index);
        }
    }

    /** Every window's own vector finds the same moments through the store as by scoring every window. */
    private static void assertSameMoments(VideoIndex index) throws Exception {
        try (VideoIndex exact = VideoIndex.open(
                simvtp, index.folder(), index.indexDirectory().resolveSibling("check"), limit(1_000_000))) {
            exact.update();
            assertFalse(exact.isApproximate());
            for (IndexRow row : index.rows()) {
                List<SearchHit> approximate = index.search(row.vector(), 3);
                List<SearchHit> reference = exact.search(row.vector(), 3);
                assertEquals(reference.size(), approximate.size());
                for (int i = 0; i < reference.size(); i++) {
                    assertEquals(reference.get(i).video(), approximate.get(i).video());
                    assertEquals(reference.get(i).start(), approximate.get(i).start(), 1e-9);
                    assertEquals(reference.get(i).end(), approximate.get(i).end(), 1e-9);
                    assertEquals(reference.get(i).score(), approximate.get(i).score(), 1e-5);
                }
                assertEquals(row.video(), approximate.get(0).video());
            }
        }
    }
}
