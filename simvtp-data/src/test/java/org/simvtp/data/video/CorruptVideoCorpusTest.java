package org.simvtp.data.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.data.dataset.VideoTextRecord;
import org.simvtp.data.loader.Batch;
import org.simvtp.data.loader.FailureReason;
import org.simvtp.data.loader.LoaderStats;
import org.simvtp.data.loader.Sample;
import org.simvtp.data.loader.SampleSource;
import org.simvtp.data.loader.VideoFileSource;
import org.simvtp.data.loader.VideoTextLoader;
import org.simvtp.data.sampling.PretrainFrameSampler;
import org.simvtp.data.transform.ClipTransform;

/**
 * A generated corpus of 200+ bad and odd media files ({@link VideoCorpus}) goes through the decoder and the loader
 * in this JVM (a native crash fails the run): each file must be decoded or rejected with a
 * {@link VideoDecodeException} within a time bound, and the loader's counters must match the decoder's verdicts.
 * The outcome counts are printed. Takes a few seconds, so it is not tagged slow.
 */
class CorruptVideoCorpusTest {
    private static final long SEED = 20_240_601L;
    private static final DecoderOptions OPTIONS =
            DecoderOptions.builder().optTimeout(Duration.ofSeconds(15)).build();
    private static final long HARD_LIMIT_SECONDS = 60;
    private static final long LOADER_SEED = 7;

    @TempDir
    static Path dir;

    private static List<VideoCorpus.Entry> corpus;
    private static Map<Path, Outcome> outcomes;

    /** What the decoder did with one file: decoded (frames, size) or rejected (problem, normalised). */
    record Outcome(boolean decoded, String problem, int frames, int width, int height) {
        static Outcome rejected(VideoDecodeException e) {
            String m = e.getMessage();
            String problem = m.substring(m.indexOf("': ") + 3)
                    .replaceAll("\\(.*\\)", "")
                    .replaceAll("\\d+", "N")
                    .trim();
            return new Outcome(false, problem, 0, 0, 0);
        }
    }

    @BeforeAll
    static void decodeTheCorpus() throws Exception {
        long t0 = System.nanoTime();
        corpus = VideoCorpus.generate(dir.resolve("corpus"), SEED);
        long t1 = System.nanoTime();
        outcomes = new LinkedHashMap<>();
        long slowestMillis = -1;
        String slowest = "";
        List<String> problems = new ArrayList<>();
        ExecutorService worker = Executors.newSingleThreadExecutor(daemon());
        try {
            for (VideoCorpus.Entry e : corpus) {
                long start = System.nanoTime();
                Future<Outcome> f = worker.submit(() -> probe(e.file()));
                try {
                    outcomes.put(e.file(), f.get(HARD_LIMIT_SECONDS, TimeUnit.SECONDS));
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    if (ms > slowestMillis) {
                        slowestMillis = ms;
                        slowest = e.kind();
                    }
                } catch (TimeoutException timeout) {
                    problems.add(e.file() + ": no answer within " + HARD_LIMIT_SECONDS + " s (hang)");
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor(daemon());
                } catch (java.util.concurrent.ExecutionException ex) {
                    problems.add(e.file() + ": untyped " + ex.getCause());
                    ex.getCause().printStackTrace();
                }
            }
        } finally {
            worker.shutdownNow();
        }
        System.out.printf(
                "corpus: %d files generated in %.1f s, decoded in %.1f s (slowest: %s, %d ms)%n",
                corpus.size(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, slowest, slowestMillis);
        if (!problems.isEmpty()) {
            fail("files neither decoded nor rejected with a typed error:\n" + String.join("\n", problems));
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "corpus-probe");
            t.setDaemon(true);
            return t;
        };
    }

    /** Open, info, every frame small and sequential, three frames at full size by the default strategy. */
    private static Outcome probe(Path file) {
        try (VideoDecoder d = VideoDecoder.open(file, OPTIONS)) {
            VideoInfo info = d.info();
            int n = info.frameCount();
            assertTrue(n > 0 && info.width() > 0 && info.height() > 0, info.toString());
            DecodedClip all = d.decode(IntStream.range(0, n).toArray(), 32, 24, DecodeStrategy.SEQUENTIAL);
            assertEquals(n, all.frames());
            assertEquals(32, all.width());
            DecodedClip some = d.decode(new int[] {n - 1, 0, n / 2});
            assertEquals(3, some.frames());
            assertEquals(info.width(), some.width());
            assertEquals(info.height(), some.height());
            return new Outcome(true, null, n, info.width(), info.height());
        } catch (VideoDecodeException e) {
            assertEquals(file, e.file(), "the exception names the file");
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            return Outcome.rejected(e);
        }
    }

    @Test
    void everyFileIsDecodedOrRejectedAsExpected() {
        assertTrue(corpus.size() >= 200, "corpus of " + corpus.size() + " files");
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> byKind = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        int decoded = 0;
        for (VideoCorpus.Entry e : corpus) {
            Outcome o = outcomes.get(e.file());
            String verdict = o.decoded() ? "decoded" : "rejected";
            byKind.merge(family(e.kind()) + " " + verdict, 1, Integer::sum);
            if (o.decoded()) {
                decoded++;
            } else {
                reasons.merge(o.problem(), 1, Integer::sum);
            }
            if (e.expect() == VideoCorpus.Expect.DECODE && !o.decoded()
                    || e.expect() == VideoCorpus.Expect.REJECT && o.decoded()) {
                wrong.add(e.kind() + " expected " + e.expect() + ", got " + o);
            }
        }
        System.out.printf(
                "decoder: %d files, %d decoded, %d rejected%n", corpus.size(), decoded, corpus.size() - decoded);
        byKind.forEach((k, v) -> System.out.printf("  %-28s %4d%n", k, v));
        System.out.println("rejections by problem:");
        reasons.forEach((k, v) -> System.out.printf("  %4d  %s%n", v, k));
        for (VideoCorpus.Entry e : corpus) {
            if (e.kind().startsWith("odd")
                    || e.kind().startsWith("raw")
                    || e.kind().contains("tkhd")
                    || e.kind().contains("vol")) {
                System.out.printf("  %-40s %s%n", e.kind(), outcomes.get(e.file()));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static String family(String kind) {
        int cut = kind.indexOf('-');
        String head = cut < 0 ? kind : kind.substring(0, cut);
        return head.startsWith("seed") ? "seed" : head.startsWith("odd") ? "odd" : head;
    }

    @Test
    void theOddFilesHaveTheClaimedProperties() {
        assertEquals("yuv420p10le", StreamFacts.of(file("odd av1-10bit.mkv")).pixelFormat());
        assertEquals("yuv420p10le", StreamFacts.of(file("odd ffv1-10bit.mkv")).pixelFormat());
        assertEquals("yuv420p10le", StreamFacts.of(file("raw-10bit.y4m")).pixelFormat());
        assertEquals(-90.0, StreamFacts.of(file("odd h264-rotated90.mp4")).rotation(), 1e-6, "display matrix");
        assertEquals(
                180.0, Math.abs(StreamFacts.of(file("odd mpeg4-rotated180.mov")).rotation()), 1e-6);
        for (String vfr : List.of("odd h264-vfr.mp4", "odd vp8-vfr.mkv")) {
            List<Double> t = StreamFacts.of(file(vfr)).seconds();
            java.util.Set<Long> gaps = new java.util.TreeSet<>();
            for (int i = 1; i < t.size(); i++) {
                gaps.add(Math.round((t.get(i) - t.get(i - 1)) * 1000));
            }
            assertTrue(gaps.size() >= 5, vfr + " frame intervals (ms) " + gaps);
        }
        assertEquals(1, outcomes.get(file("seed h264-1frame")).frames());
        assertEquals(63, outcomes.get(file("odd vp9-63x47.webm")).width());
        assertEquals(47, outcomes.get(file("odd vp9-63x47.webm")).height());
    }

    private static Path file(String kind) {
        return corpus.stream()
                .filter(e -> e.kind().equals(kind))
                .findFirst()
                .orElseThrow()
                .file();
    }

    @Test
    void theLoaderCountsMatchTheDecoderVerdicts() {
        List<VideoTextRecord> records = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            records.add(new VideoTextRecord(corpus.get(i).file(), "caption " + i, "v" + i));
        }
        RecordingSource source = new RecordingSource(
                new VideoFileSource(records, new PretrainFrameSampler(4, 2), ClipTransform.pretrain(16), OPTIONS));
        int n = corpus.size();
        List<Integer> delivered = new ArrayList<>();
        LoaderStats stats;
        try (VideoTextLoader loader = VideoTextLoader.builder()
                .setSource(source)
                .setBatchSize(1)
                .optSeed(LOADER_SEED)
                .optShuffle(false)
                .optWorkers(2)
                .optPrefetchBatches(2)
                .optMaxFailureFraction(1.0)
                .optMaxAttemptsPerSample(n)
                .build()) {
            for (int b = 0; b < n; b++) {
                Batch batch = loader.next();
                for (Sample s : batch.samples()) {
                    delivered.add(s.index());
                }
            }
            stats = loader.stats();
        }
        List<Call> calls = new ArrayList<>(source.calls);
        List<Call> epoch0 = calls.stream().filter(c -> c.epoch() == 0).toList();
        long ok0 = epoch0.stream().filter(c -> c.reason() == null).count();
        Map<FailureReason, Long> failed0 = new EnumMap<>(FailureReason.class);
        epoch0.stream().filter(c -> c.reason() != null).forEach(c -> failed0.merge(c.reason(), 1L, Long::sum));
        System.out.printf(
                "loader: attempted %d, loaded %d, failed %d %s (epoch-0 calls seen by the source: %d)%n",
                stats.attempted(), stats.loaded(), stats.failed(), stats.failuresByReason(), epoch0.size());

        assertEquals(stats.attempted(), stats.loaded() + stats.failed(), "attempted = loaded + failed");
        assertEquals(n, stats.loaded(), "one sample delivered per batch");
        assertEquals(ok0, stats.loaded(), "successful loads");
        assertEquals(epoch0.size(), stats.attempted(), "attempts");
        assertEquals(failed0, new EnumMap<>(stats.failuresByReason()), "failures by reason");

        List<String> mismatches = new ArrayList<>();
        for (Call c : epoch0) {
            Outcome o = outcomes.get(corpus.get(c.index()).file());
            FailureReason expected = o.decoded()
                    ? null
                    : corpus.get(c.index()).kind().equals("missing")
                            ? FailureReason.MISSING_FILE
                            : o.problem().contains("timed out") ? FailureReason.TIMEOUT : FailureReason.DECODE_ERROR;
            if (expected != c.reason()) {
                mismatches.add(corpus.get(c.index()).kind() + ": decoder " + o + ", loader " + c);
            }
        }
        assertTrue(mismatches.isEmpty(), "loader and decoder disagree:\n" + String.join("\n", mismatches));
        long rejectedFiles =
                outcomes.values().stream().filter(o -> !o.decoded()).count();
        assertTrue(stats.failed() >= rejectedFiles, "every rejected file is tried (as its own slot) and fails");
        for (int i = 0; i < n; i++) {
            int index = i;
            assertTrue(epoch0.stream().anyMatch(c -> c.index() == index), "file " + i + " attempted");
            boolean ok = outcomes.get(corpus.get(i).file()).decoded();
            int got = delivered.get(i);
            assertTrue(
                    ok ? got == i : outcomes.get(corpus.get(got).file()).decoded(),
                    "slot " + i + " delivered sample " + got);
        }
    }

    /** One load call: sample index, the epoch it was made for, and the failure reason (null = loaded). */
    record Call(int index, int epoch, FailureReason reason, String message) {}

    /**
     * Wraps a source and records every load with its outcome. The epoch a call belongs to is recovered from the
     * generator the loader passes (each epoch's generator for a sample is {@link VideoTextLoader#sampleRandom}),
     * and the wrapped source gets a fresh copy of that same generator, so its randomness is unchanged.
     */
    static final class RecordingSource implements SampleSource {
        private final SampleSource inner;
        final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

        RecordingSource(SampleSource inner) {
            this.inner = inner;
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public String describe(int index) {
            return inner.describe(index);
        }

        @Override
        public Sample load(int index, RandomGenerator rng) {
            long probe = rng.nextLong();
            int epoch = -1;
            for (int e = 0; e < 4 && epoch < 0; e++) {
                if (VideoTextLoader.sampleRandom(LOADER_SEED, e, index).nextLong() == probe) {
                    epoch = e;
                }
            }
            SplittableRandom same = VideoTextLoader.sampleRandom(LOADER_SEED, Math.max(epoch, 0), index);
            try {
                Sample s = inner.load(index, same);
                calls.add(new Call(index, epoch, null, null));
                return s;
            } catch (RuntimeException e) {
                calls.add(new Call(index, epoch, FailureReason.classify(e), String.valueOf(e)));
                throw e;
            }
        }
    }
}
