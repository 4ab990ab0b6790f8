package org.simvtp.train.facade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.models.facade.IndexFailure;
import org.simvtp.models.facade.IndexOptions;
import org.simvtp.models.facade.IndexRow;
import org.simvtp.models.facade.IndexUpdate;
import org.simvtp.models.facade.SearchHit;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.VideoIndex;

/** Building, searching, persisting and incrementally updating a moment index of generated videos. */
class VideoIndexTest extends TinySimvtpTest {

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
        assertEquals(List.of(clips.get(0), clips.get(1), clips.get(2), nested), first.embedded());
        assertEquals(List.of(clips.get(0), clips.get(1), clips.get(2), nested), index.videos());
        assertEquals(1, first.failed().size());
        IndexFailure failure = first.failed().get(0);
        assertEquals(broken, failure.video());
        assertTrue(failure.message().contains("broken.MP4"), failure.message());
        assertEquals(List.of(failure), index.failures());
        assertTrue(Files.isRegularFile(indexDir.resolve(VideoIndex.EMBEDDINGS_FILE)));
        assertTrue(Files.isRegularFile(indexDir.resolve(VideoIndex.MANIFEST_FILE)));
        // 24 frames at 8 fps = 3 s; the clip span is 4 frames × 4 / 8 fps = 2 s: windows 0-2 s and 1-3 s
        List<IndexRow> rows = index.rows(clips.get(0));
        assertEquals(2, rows.size());
        assertEquals(0, rows.get(0).start(), 1e-6);
        assertEquals(2, rows.get(0).end(), 1e-6);
        assertEquals(1, rows.get(1).start(), 1e-6);
        assertEquals(3, rows.get(1).end(), 1e-6);
        assertEquals(8, index.rowCount());
        assertEquals(1.0, FacadeFixtures.norm(rows.get(0).vector()), 1e-5);

        String query = "a small red circle moves left";
        float[] q = simvtp.encodeText(query);
        List<SearchHit> windows = index.searchWindows(q, 100);
        assertEquals(8, windows.size());
        for (int i = 0; i < windows.size(); i++) {
            SearchHit w = windows.get(i);
            IndexRow row = index.rows(w.video()).stream()
                    .filter(r -> r.start() == w.start())
                    .findFirst()
                    .orElseThrow();
            assertEquals(Simvtp.cosine(q, row.vector()), w.score(), 1e-5);
            assertTrue(i == 0 || windows.get(i - 1).score() >= w.score(), "sorted best first: " + windows);
        }
        // the two overlapping windows of a video always merge: one moment per video, covering 0-3 s
        List<SearchHit> moments = index.search(query, 10);
        assertEquals(4, moments.size(), moments.toString());
        for (SearchHit m : moments) {
            assertEquals(0, m.start(), 1e-6);
            assertEquals(3, m.end(), 1e-6);
        }
        assertEquals(windows.get(0).score(), moments.get(0).score());
        List<SearchHit> top2 = index.search(query, 2); // the same moments, possibly not yet extended by later windows
        assertEquals(2, top2.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(moments.get(i).video(), top2.get(i).video());
            assertEquals(moments.get(i).score(), top2.get(i).score());
        }
        assertThrows(IllegalArgumentException.class, () -> index.search(query, 0));

        VideoIndex reloaded = VideoIndex.open(simvtp, folder, indexDir);
        assertEquals(index.videos(), reloaded.videos());
        assertEquals(moments, reloaded.search(query, 10));
        assertArrayEquals(
                index.rows(nested).get(1).vector(), reloaded.rows(nested).get(1).vector());
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
        assertArrayEquals(
                reloaded.rows(clips.get(2)).get(0).vector(),
                reloaded.rows(broken).get(0).vector(),
                1e-6f);
        assertEquals(5, VideoIndex.open(simvtp, folder, indexDir).size());
    }

    @Test
    void aWindowsOwnEmbeddingFindsItsTimeRange(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("videos");
        Path longClip = FacadeFixtures.writeSegments(folder.resolve("long.mp4"), 6); // 12 s, 6 segments of 2 s
        FacadeFixtures.writeVideos(folder, "short", 2, 11);
        IndexOptions twoSeconds =
                IndexOptions.builder().optWindowSeconds(2).optBatchSize(3).build();
        VideoIndex index = VideoIndex.open(simvtp, folder, dir.resolve("index"), twoSeconds);
        index.update();
        List<IndexRow> rows = index.rows(longClip);
        assertEquals(6, rows.size());
        for (int s = 0; s < 6; s++) {
            IndexRow row = rows.get(s);
            assertEquals(2.0 * s, row.start(), 1e-6);
            assertEquals(2.0 * s + 2, row.end(), 1e-6);
            SearchHit best = index.searchWindows(row.vector(), 1).get(0);
            assertEquals(new SearchHit(longClip, 2.0 * s, 2.0 * s + 2, best.score()), best);
            assertEquals(1.0, best.score(), 1e-5);
            SearchHit moment = index.search(row.vector(), 1).get(0);
            assertEquals(longClip, moment.video());
            assertTrue(moment.start() <= row.start() && moment.end() >= row.end(), moment.toString());
            assertEquals(1.0, moment.score(), 1e-5);
        }
        // the default window (clip span 4 × 4 / 10 fps = 1.6 s) re-embeds everything: 8 windows, the last 10.4-12 s
        VideoIndex byClipSpan = VideoIndex.open(simvtp, folder, dir.resolve("index"));
        assertEquals(0, byClipSpan.size(), "other window settings are not reused");
        assertEquals(3, byClipSpan.update().embedded().size());
        List<IndexRow> spans = byClipSpan.rows(longClip);
        assertEquals(8, spans.size());
        assertEquals(10.4, spans.get(7).start(), 1e-6);
        assertEquals(12.0, spans.get(7).end(), 1e-6);
        SearchHit last = byClipSpan.searchWindows(spans.get(7).vector(), 1).get(0);
        assertEquals(10.4, last.start(), 1e-6);
    }

    @Test
    void anInterruptedBuildResumesWithTheFilesLeft(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("videos");
        List<Path> clips = FacadeFixtures.writeVideos(folder, "clip", 5, 12);
        Path indexDir = dir.resolve("index");
        IndexOptions stopAfterTwo = IndexOptions.builder()
                .optSaveEveryFiles(1)
                .optDecodeThreads(2)
                .optProgress((file, done, total, windows, seconds) -> {
                    if (done == 2) {
                        throw new IllegalStateException("stopped after " + done + " files");
                    }
                })
                .build();
        VideoIndex interrupted = VideoIndex.open(simvtp, folder, indexDir, stopAfterTwo);
        assertThrows(IllegalStateException.class, interrupted::update);

        VideoIndex resumed = VideoIndex.open(simvtp, folder, indexDir);
        List<Path> saved = resumed.videos();
        assertEquals(2, saved.size(), saved.toString());
        IndexUpdate rest = resumed.update();
        Set<Path> all = new HashSet<>(saved);
        all.addAll(rest.embedded());
        assertEquals(3, rest.embedded().size(), rest.toString());
        assertEquals(new HashSet<>(clips), all);
        assertEquals(2, rest.unchanged());
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
    void anIndexOfTheOldWholeFileFormatIsEmbeddedAgain(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("videos");
        List<Path> clips = FacadeFixtures.writeVideos(folder, "clip", 1, 13);
        Path indexDir = Files.createDirectories(dir.resolve("index"));
        Files.writeString(
                indexDir.resolve(VideoIndex.MANIFEST_FILE),
                "{\"version\": 1, \"model\": \"" + simvtp.modelId() + "\", \"folder\": \""
                        + folder.toString().replace("\\", "\\\\") + "\", \"dimension\": " + simvtp.embeddingSize()
                        + ", \"videos\": [{\"path\": \"clip-0.mp4\", \"size\": " + Files.size(clips.get(0))
                        + ", \"modified\": "
                        + Files.getLastModifiedTime(clips.get(0)).toMillis()
                        + "}], \"failures\": []}");
        VideoIndex index = VideoIndex.open(simvtp, folder, indexDir);
        assertEquals(0, index.size());
        assertEquals(clips, index.update().embedded());
        assertEquals(2, VideoIndex.open(simvtp, folder, indexDir).rowCount());
    }

    @Test
    void damagedIndexIsReportedWithItsFile(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("videos");
        FacadeFixtures.writeVideos(folder, "clip", 2, 9);
        Path indexDir = dir.resolve("index");
        VideoIndex.build(simvtp, folder, indexDir);
        Path manifest = indexDir.resolve(VideoIndex.MANIFEST_FILE);
        Path embeddings = indexDir.resolve(VideoIndex.EMBEDDINGS_FILE);
        String goodManifest = Files.readString(manifest);
        byte[] goodEmbeddings = Files.readAllBytes(embeddings);

        Files.writeString(manifest, "{ broken");
        assertDamaged(folder, indexDir, VideoIndex.MANIFEST_FILE);

        Files.writeString(manifest, goodManifest);
        Files.write(embeddings, java.util.Arrays.copyOf(goodEmbeddings, goodEmbeddings.length - 40));
        assertDamaged(folder, indexDir, VideoIndex.EMBEDDINGS_FILE);

        Files.write(embeddings, goodEmbeddings);
        com.google.gson.JsonObject oneRowLess =
                com.google.gson.JsonParser.parseString(goodManifest).getAsJsonObject();
        oneRowLess
                .getAsJsonArray("videos")
                .get(0)
                .getAsJsonObject()
                .getAsJsonArray("windows")
                .remove(1);
        Files.writeString(manifest, oneRowLess.toString()); // rows no longer match the embeddings
        assertDamaged(folder, indexDir, VideoIndex.EMBEDDINGS_FILE);

        Files.writeString(manifest, goodManifest);
        assertEquals(2, VideoIndex.open(simvtp, folder, indexDir).size());
    }

    private static void assertDamaged(Path folder, Path indexDir, String file) {
        IOException e = assertThrows(IOException.class, () -> VideoIndex.open(simvtp, folder, indexDir));
        assertTrue(e.getMessage().contains(file), e.getMessage());
        List<String> names = new ArrayList<>();
        try (var list = Files.list(indexDir)) {
            list.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException io) {
            throw new AssertionError(io);
        }
        assertTrue(names.contains(VideoIndex.MANIFEST_FILE), names.toString());
    }
}
