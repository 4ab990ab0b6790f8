package org.simvtp.data.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.data.dataset.VideoTextRecord;

class VideoTextLoaderTest {
    @TempDir
    static Path dir;

    private static List<Batch> take(VideoTextLoader loader, int n) {
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(loader.next());
        }
        return out;
    }

    private static void assertSameBatches(List<Batch> a, List<Batch> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            Batch x = a.get(i);
            Batch y = b.get(i);
            assertEquals(x.index(), y.index());
            assertEquals(x.epoch(), y.epoch());
            assertArrayEquals(x.indices(), y.indices(), "batch " + i);
            assertEquals(x.captions(), y.captions());
            assertArrayEquals(x.stackClips(), y.stackClips(), "clips of batch " + i);
        }
    }

    @Test
    void sameBatchesWhateverTheWorkerCountAndTiming() {
        SampleSource source = new LoaderFixtures.Uneven(LoaderFixtures.memory(40), 6);
        List<Batch> one;
        List<Batch> three;
        try (VideoTextLoader l = VideoTextLoader.builder()
                .setSource(source)
                .setBatchSize(4)
                .optSeed(7)
                .optWorkers(1)
                .build()) {
            one = take(l, 25);
        }
        try (VideoTextLoader l = VideoTextLoader.builder()
                .setSource(source)
                .setBatchSize(4)
                .optSeed(7)
                .optWorkers(3)
                .optPrefetchBatches(3)
                .build()) {
            three = take(l, 25);
            assertEquals(10, l.batchesPerEpoch());
            assertEquals(new LoaderStats(100, 100, 0, java.util.Map.of(), List.of()), l.stats());
        }
        assertSameBatches(one, three);
        // each epoch is a permutation of all 40 samples, different per epoch
        int[] epoch0 = one.subList(0, 10).stream()
                .flatMapToInt(b -> Arrays.stream(b.indices()))
                .toArray();
        int[] epoch1 = one.subList(10, 20).stream()
                .flatMapToInt(b -> Arrays.stream(b.indices()))
                .toArray();
        assertArrayEquals(
                IntStream.range(0, 40).toArray(), Arrays.stream(epoch0).sorted().toArray());
        assertArrayEquals(
                IntStream.range(0, 40).toArray(), Arrays.stream(epoch1).sorted().toArray());
        assertFalse(Arrays.equals(epoch0, epoch1));
        assertFalse(Arrays.equals(epoch0, IntStream.range(0, 40).toArray()));
        assertEquals(List.of(0, 1, 2), one.stream().map(Batch::epoch).distinct().toList());
        // a sample's augmentation is a function of (seed, epoch, index) alone
        Sample s = one.get(13).samples().get(2);
        Sample again = source.load(s.index(), VideoTextLoader.sampleRandom(7, 1, s.index()));
        assertArrayEquals(again.clip().data(), s.clip().data());
        assertEquals(new Shape(4, 3, 4, 16, 16), one.get(0).clipShape());
        assertEquals(4 * 3 * 4 * 16 * 16, one.get(0).stackClips().length);
    }

    @Test
    void ranksGetDisjointShardsLikeDistributedSampler() {
        InMemoryClipSource source = LoaderFixtures.memory(5);
        // no shuffle, padding: [0 1 2 3 4 | 0] -> rank 0: 0 2 4, rank 1: 1 3 0
        try (VideoTextLoader r0 = loader(source, 0, 2, false, false);
                VideoTextLoader r1 = loader(source, 1, 2, false, false)) {
            assertArrayEquals(new int[] {0, 2, 4}, r0.shardOrder(0));
            assertArrayEquals(new int[] {1, 3, 0}, r1.shardOrder(0));
        }
        try (VideoTextLoader r0 = loader(source, 0, 2, false, true);
                VideoTextLoader r1 = loader(source, 1, 2, false, true)) {
            assertArrayEquals(new int[] {0, 2}, r0.shardOrder(0));
            assertArrayEquals(new int[] {1, 3}, r1.shardOrder(0));
        }
        InMemoryClipSource forty = LoaderFixtures.memory(40);
        for (int epoch = 0; epoch < 3; epoch++) {
            Set<Integer> seen = new HashSet<>();
            for (int rank = 0; rank < 2; rank++) {
                try (VideoTextLoader l = VideoTextLoader.builder()
                        .setSource(forty)
                        .setBatchSize(5)
                        .optSeed(3)
                        .optShard(rank, 2)
                        .optWorkers(2)
                        .build()) {
                    assertEquals(4, l.batchesPerEpoch());
                    l.seek(epoch, 0);
                    for (int b = 0; b < 4; b++) {
                        for (int i : l.next().indices()) {
                            assertTrue(seen.add(i), "index " + i + " delivered twice in epoch " + epoch);
                        }
                    }
                }
            }
            assertEquals(40, seen.size());
        }
    }

    private static VideoTextLoader loader(SampleSource s, int rank, int world, boolean shuffle, boolean dropUneven) {
        return VideoTextLoader.builder()
                .setSource(s)
                .setBatchSize(1)
                .optShard(rank, world)
                .optShuffle(shuffle)
                .optDropUneven(dropUneven)
                .optWorkers(1)
                .build();
    }

    @Test
    void shortLastBatchIsDroppedByDefaultOrKept() {
        InMemoryClipSource ten = LoaderFixtures.memory(10);
        try (VideoTextLoader l = VideoTextLoader.builder()
                .setSource(ten)
                .setBatchSize(4)
                .optWorkers(2)
                .build()) {
            assertEquals(2, l.batchesPerEpoch());
            assertEquals(1, l.next().epoch() + l.next().epoch() + l.next().epoch());
        }
        try (VideoTextLoader l = VideoTextLoader.builder()
                .setSource(ten)
                .setBatchSize(4)
                .optDropLast(false)
                .optShuffle(false)
                .optWorkers(2)
                .build()) {
            assertEquals(3, l.batchesPerEpoch());
            List<Batch> epoch = new ArrayList<>();
            l.epoch(0).forEachRemaining(epoch::add);
            assertEquals(List.of(4, 4, 2), epoch.stream().map(Batch::size).toList());
            assertArrayEquals(new int[] {8, 9}, epoch.get(2).indices());
            assertEquals(1, l.next().epoch());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoTextLoader.builder()
                .setSource(ten)
                .setBatchSize(6)
                .optShard(0, 2)
                .build());
        assertTrue(e.getMessage().contains("not one full batch of 6"), e.getMessage());
    }

    @Test
    void seekResumesWithExactlyTheSameBatches() {
        SampleSource source = new LoaderFixtures.Uneven(LoaderFixtures.memory(30), 3);
        List<Batch> straight;
        try (VideoTextLoader l = VideoTextLoader.builder()
                .setSource(source)
                .setBatchSize(4)
                .optSeed(5)
                .optWorkers(2)
                .build()) {
            assertEquals(7, l.batchesPerEpoch());
            straight = take(l, 16);
            // going back on the same loader, across prefetched work
            l.seek(1, 2);
            assertEquals(9, l.position());
            assertSameBatches(straight.subList(9, 16), take(l, 7));
        }
        try (VideoTextLoader fresh = VideoTextLoader.builder()
                .setSource(source)
                .setBatchSize(4)
                .optSeed(5)
                .optWorkers(3)
                .build()) {
            fresh.seek(11);
            assertSameBatches(straight.subList(11, 16), take(fresh, 5));
            assertEquals(16, fresh.position());
        }
        try (VideoTextLoader otherSeed = VideoTextLoader.builder()
                .setSource(source)
                .setBatchSize(4)
                .optSeed(6)
                .optWorkers(2)
                .build()) {
            assertFalse(
                    Arrays.equals(straight.get(0).indices(), otherSeed.next().indices()));
        }
    }

    @Test
    void badFilesAreSkippedCountedAndReplacedSoBatchesStayFull() throws Exception {
        List<VideoTextRecord> records = new ArrayList<>(LoaderFixtures.videos(dir, 12));
        Path corrupt = dir.resolve("corrupt.mp4");
        Files.write(corrupt, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 1, 2, 3, 4, 5, 6});
        records.set(3, new VideoTextRecord(corrupt, "corrupt", "corrupt"));
        Path missing = dir.resolve("missing.mp4");
        records.set(9, new VideoTextRecord(missing, "missing", "missing"));
        VideoFileSource source = new VideoFileSource(records, LoaderFixtures.SAMPLER, LoaderFixtures.TRANSFORM);

        List<Batch> first;
        LoaderStats stats;
        try (VideoTextLoader l = VideoTextLoader.builder()
                .setSource(source)
                .setBatchSize(4)
                .optShuffle(false)
                .optDropLast(false)
                .optWorkers(2)
                .build()) {
            first = take(l, 5);
            stats = l.stats();
        }
        // epoch 0 = 12 samples in batches of 4 despite 2 bad ones; then epoch 1 begins
        assertEquals(List.of(4, 4, 4, 4, 4), first.stream().map(Batch::size).toList(), "batches stay full");
        assertEquals(List.of(0, 0, 0, 1, 1), first.stream().map(Batch::epoch).toList(), "the epoch goes on");
        for (Batch b : first) {
            for (int i : b.indices()) {
                assertTrue(i != 3 && i != 9, "bad sample delivered");
            }
        }
        assertArrayEquals(new int[] {0, 1, 2}, Arrays.copyOf(first.get(0).indices(), 3));
        assertArrayEquals(new int[] {0, 1, 2}, Arrays.copyOf(first.get(3).indices(), 3));
        assertArrayEquals(new int[] {4, 5, 6, 7}, first.get(4).indices());
        assertEquals(20, stats.loaded());
        assertTrue(stats.failed() >= 3, stats.toString());
        assertEquals(stats.loaded() + stats.failed(), stats.attempted());
        assertTrue(stats.failuresByReason().get(FailureReason.MISSING_FILE) >= 1, stats.toString());
        assertTrue(stats.failuresByReason().get(FailureReason.DECODE_ERROR) >= 2, stats.toString());
        assertEquals(corrupt.toString(), stats.examples().get(0).location());
        assertEquals("synthetic-00000", first.get(0).samples().get(0).videoId());
        assertEquals(records.get(0).video(), first.get(0).samples().get(0).video());

        try (VideoTextLoader again = VideoTextLoader.builder()
                .setSource(source)
                .setBatchSize(4)
                .optShuffle(false)
                .optDropLast(false)
                .optWorkers(3)
                .build()) {
            assertSameBatches(first, take(again, 5));
        }
    }

    @Test
    void failsLoudlyWhenMostFilesAreBad() throws Exception {
        List<VideoTextRecord> good = LoaderFixtures.videos(dir, 5);
        List<VideoTextRecord> records = new ArrayList<>(good);
        for (int i = 0; i < 15; i++) {
            Path bad = dir.resolve("text-" + i + ".mp4");
            Files.writeString(bad, "this is not a video " + i);
            records.add(new VideoTextRecord(bad, "bad " + i, "bad" + i));
        }
        VideoFileSource source = new VideoFileSource(records, LoaderFixtures.SAMPLER, LoaderFixtures.TRANSFORM);
        try (VideoTextLoader l = VideoTextLoader.builder()
                .setSource(source)
                .setBatchSize(4)
                .optSeed(1)
                .optWorkers(2)
                .build()) {
            TooManyFailuresException e = assertThrows(TooManyFailuresException.class, () -> {
                for (int i = 0; i < 50; i++) {
                    l.next();
                }
            });
            assertTrue(e.stats().attempted() >= 20, e.getMessage());
            assertTrue(e.stats().failed() > e.stats().attempted() / 2, e.getMessage());
            assertTrue(e.getMessage().contains("text-"), e.getMessage());
            assertTrue(e.getMessage().contains("> allowed 50.0%"), e.getMessage());
            assertSame(e, assertThrows(TooManyFailuresException.class, l::next), "stays failed");
        }
        // a tolerant loader goes on
        try (VideoTextLoader l = VideoTextLoader.builder()
                .setSource(source)
                .setBatchSize(4)
                .optSeed(1)
                .optWorkers(2)
                .optMaxFailureFraction(1.0)
                .optMaxAttemptsPerSample(30)
                .build()) {
            for (Batch b : take(l, 5)) {
                assertEquals(4, b.size());
                for (Sample s : b.samples()) {
                    assertTrue(s.index() < 5);
                }
            }
        }
    }

    @Test
    void closeStopsTheWorkersAndInterruptsAreSafe() {
        Set<Thread> before = loaderThreads();
        SampleSource slow = new LoaderFixtures.Uneven(LoaderFixtures.memory(12), 1000);
        VideoTextLoader l = VideoTextLoader.builder()
                .setSource(slow)
                .setBatchSize(2)
                .optWorkers(3)
                .optShuffle(false)
                .build();

        Thread.currentThread().interrupt();
        LoaderException e = assertThrows(LoaderException.class, l::next);
        assertTrue(Thread.interrupted(), "interrupt flag kept (and cleared here)");
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertEquals(0, l.position());
        Batch b = l.next();
        assertEquals(0, b.index());
        assertArrayEquals(new int[] {0, 1}, b.indices());

        Set<Thread> mine = loaderThreads();
        mine.removeAll(before);
        assertEquals(3, mine.size());
        l.close();
        l.close();
        for (Thread t : mine) {
            assertFalse(t.isAlive(), t.getName() + " still alive");
        }
        assertThrows(IllegalStateException.class, l::next);
        assertTrue(l.isClosed());
    }

    private static Set<Thread> loaderThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("simvtp-loader-") && t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }

    @Test
    void builderRejectsBadSettings() {
        InMemoryClipSource s = LoaderFixtures.memory(4);
        assertThrows(
                IllegalArgumentException.class,
                () -> VideoTextLoader.builder().setBatchSize(2).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> VideoTextLoader.builder().setSource(s).build());
        assertThrows(IllegalArgumentException.class, () -> VideoTextLoader.builder()
                .setSource(s)
                .setBatchSize(1)
                .optShard(2, 2)
                .build());
        assertThrows(IllegalArgumentException.class, () -> VideoTextLoader.builder()
                .setSource(s)
                .setBatchSize(1)
                .optMaxFailureFraction(1.5)
                .build());
        assertThrows(IllegalArgumentException.class, () -> VideoTextLoader.builder()
                .setSource(s)
                .setBatchSize(1)
                .optWorkers(0)
                .build());
        try (VideoTextLoader l =
                VideoTextLoader.builder().setSource(s).setBatchSize(1).build()) {
            assertNotEquals(0, l.workers());
        }
    }
}
