package org.simvtp.train.facade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.models.facade.IndexFailure;
import org.simvtp.models.facade.IndexUpdate;
import org.simvtp.models.facade.SearchHit;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.VideoIndex;

/** Building, searching, persisting and incrementally updating an index of generated videos. */
class VideoIndexTest {

    static Simvtp simvtp;

    @BeforeAll
    static void setUp() {
        simvtp = Simvtp.fromConfig(FacadeFixtures.TINY);
    }

    @AfterAll
    static void tearDown() {
        simvtp.close();
    }

    @Test
    void buildSearchReloadAndUpdate(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("videos");
        List<Path> clips = FacadeFixtures.writeVideos(folder, "clip", 3, 5);
        Path nested = FacadeFixtures.writeVideos(folder.resolve("nested/deeper"), "more", 1, 6)
                .get(0);
        Path broken = FacadeFixtures.writeCorrupt(folder.resolve("broken.MP4"));
        Files.writeString(folder.resolve("notes.txt"), "not a video");
        Files.copy(clips.get(0), folder.resolve(".hidden.mp4"));
        Path indexDir = folder.resolve("index"); // inside the folder: must not index itself

        VideoIndex index = VideoIndex.open(simvtp, folder, indexDir);
        assertEquals(0, index.size());
        IndexUpdate first = index.update();
        assertEquals(4, first.embedded().size(), first.toString());
        assertEquals(List.of(clips.get(0), clips.get(1), clips.get(2), nested), index.videos());
        assertEquals(1, first.failed().size());
        IndexFailure failure = first.failed().get(0);
        assertEquals(broken, failure.video());
        assertTrue(failure.message().contains("broken.MP4"), failure.message());
        assertEquals(List.of(failure), index.failures());
        assertTrue(Files.isRegularFile(indexDir.resolve(VideoIndex.EMBEDDINGS_FILE)));
        assertTrue(Files.isRegularFile(indexDir.resolve(VideoIndex.MANIFEST_FILE)));

        String query = "a small red circle moves left";
        List<SearchHit> top2 = index.search(query, 2);
        assertEquals(2, top2.size());
        List<SearchHit> all = index.search(query, 10);
        assertEquals(4, all.size());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).score() >= all.get(i).score(), "sorted best first: " + all);
        }
        assertEquals(all.subList(0, 2), top2);
        float[] q = simvtp.encodeText(query);
        for (SearchHit hit : all) {
            assertEquals(Simvtp.cosine(q, simvtp.encodeVideo(hit.video())), hit.score(), 1e-5);
        }
        assertThrows(IllegalArgumentException.class, () -> index.search(query, 0));

        VideoIndex reloaded = VideoIndex.open(simvtp, folder, indexDir);
        assertEquals(index.videos(), reloaded.videos());
        assertEquals(all, reloaded.search(query, 10));
        assertArrayEquals(index.embedding(nested), reloaded.embedding(nested));
        assertEquals(index.failures(), reloaded.failures());
        IndexUpdate nothing = reloaded.update();
        assertEquals(List.of(), nothing.embedded());
        assertEquals(List.of(), nothing.failed(), "unchanged broken files are not retried");
        assertEquals(5, nothing.unchanged());

        Path added = FacadeFixtures.writeVideos(folder, "added", 1, 7).get(0);
        IndexUpdate afterAdd = reloaded.update();
        assertEquals(List.of(added), afterAdd.embedded());
        assertEquals(5, afterAdd.unchanged());
        assertEquals(5, reloaded.size());

        Files.delete(clips.get(1));
        Files.copy(clips.get(2), broken, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // now decodable
        Files.setLastModifiedTime(broken, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        IndexUpdate afterChange = reloaded.update();
        assertEquals(List.of(clips.get(1)), afterChange.removed());
        assertEquals(List.of(broken), afterChange.embedded());
        assertEquals(List.of(), reloaded.failures());
        assertArrayEquals(reloaded.embedding(clips.get(2)), reloaded.embedding(broken), 1e-6f);
        assertEquals(5, VideoIndex.open(simvtp, folder, indexDir).size());
    }

    @Test
    void anotherModelEmbedsEverythingAgain(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("videos");
        FacadeFixtures.writeVideos(folder, "clip", 2, 8);
        Path indexDir = dir.resolve("index");
        assertEquals(2, VideoIndex.build(simvtp, folder, indexDir).size());
        try (Simvtp other = Simvtp.fromConfig(FacadeFixtures.TINY)) {
            VideoIndex index = VideoIndex.open(other, folder, indexDir);
            assertEquals(0, index.size(), "embeddings of another model are not reused");
            assertEquals(2, index.update().embedded().size());
        }
        assertEquals(0, VideoIndex.open(simvtp, folder, indexDir).size(), "the index now belongs to the other model");
    }

    @Test
    void damagedIndexIsReportedWithItsFile(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("videos");
        FacadeFixtures.writeVideos(folder, "clip", 1, 9);
        Path indexDir = dir.resolve("index");
        VideoIndex.build(simvtp, folder, indexDir);
        Files.writeString(indexDir.resolve(VideoIndex.MANIFEST_FILE), "{ broken");
        java.io.IOException e =
                assertThrows(java.io.IOException.class, () -> VideoIndex.open(simvtp, folder, indexDir));
        assertTrue(e.getMessage().contains(VideoIndex.MANIFEST_FILE), e.getMessage());
    }
}
