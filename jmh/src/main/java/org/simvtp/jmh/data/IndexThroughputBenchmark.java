package org.simvtp.jmh.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.simvtp.core.spi.TimedClip;
import org.simvtp.data.spi.DataMediaSupport;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.bench.BenchPreset;
import org.simvtp.jmh.report.Work;
import org.simvtp.models.facade.IndexOptions;
import org.simvtp.models.facade.IndexUpdate;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.VideoIndex;

/**
 * Indexing throughput of {@link VideoIndex} against its ceiling, in one fork: {@link #index} builds a fresh index
 * of {@value #FILES} H.264 clips (320 × 240, 25 fps, {@value #FRAMES} frames = 10 s, {@link BenchClips} pattern)
 * end to end (decoding on worker threads overlapped with batched encoding, saving the index), {@link #encodeOnly}
 * encodes the same windows, decoded once at set-up, in the same batches, and {@link #decodeOnly} decodes them
 * without encoding (the work indexing overlaps with encoding). All count {@value #FILES} videos per
 * operation, so {@code encodeOnly} time ÷ {@code index} time is the share of the model's own speed that indexing
 * keeps (goal ≥ 90 %). The window is the model's clip span (small preset: 8 × 4 / 25 fps = 1.28 s, 8 windows per
 * clip). {@code org.simvtp.jmh.probe.IndexThroughputProbe} times both alternately in one process and prints the
 * ratio.
 *
 * <pre>{@code
 * jmh/run-benchmarks.sh --quick -- 'org.simvtp.jmh.data.IndexThroughputBenchmark'
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING, "-Xmx3g"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
public class IndexThroughputBenchmark {

    /** Video files per operation. */
    public static final int FILES = 4;
    /** Frames per clip (10 s at 25 fps). */
    public static final int FRAMES = 250;

    /** Model preset. */
    @Param({"small"})
    public String preset;

    /** Decoding threads of the index. */
    @Param({"1"})
    public int decodeThreads;

    private Path dir;
    private Path videos;
    private Simvtp model;
    private IndexOptions options;
    private float[][] decoded;
    private int round;

    /** {@value #FILES} videos per operation. */
    public static Work work(Map<String, String> params) {
        return new Work(FILES, "video");
    }

    /** Writes the clips, builds the model and decodes every window once. */
    @Setup
    public void setUp() throws IOException {
        BenchEnvironment.prepare();
        dir = BenchClips.tempDir("index");
        videos = dir.resolve("videos");
        java.nio.file.Files.createDirectories(videos);
        for (int i = 0; i < FILES; i++) {
            BenchClips.write(videos.resolve("clip-" + i + ".mp4"), 320, 240, FRAMES, 25, 12);
        }
        model = Simvtp.fromConfig(BenchPreset.of(preset).config());
        options = IndexOptions.builder().optDecodeThreads(decodeThreads).build();
        List<float[]> clips = new ArrayList<>();
        readWindows((TimedClip c) -> clips.add(c.clip()));
        decoded = clips.toArray(new float[0][]);
    }

    /** Frees the model and deletes the files. */
    @TearDown
    public void tearDown() {
        model.close();
        BenchClips.deleteTree(dir);
    }

    /**
     * Windows encoded per operation.
     *
     * @return the count
     */
    public int windows() {
        return decoded.length;
    }

    /**
     * Builds a fresh index of the folder, end to end.
     *
     * @return the update
     * @throws IOException if the index cannot be written
     */
    @Benchmark
    public IndexUpdate index() throws IOException {
        VideoIndex idx = VideoIndex.open(model, videos, dir.resolve("index-" + round++), options);
        IndexUpdate u = idx.update();
        if (u.embedded().size() != FILES) {
            throw new IllegalStateException("indexed " + u.embedded().size() + " of " + FILES + ": " + u);
        }
        BenchClips.deleteTree(idx.indexDirectory());
        return u;
    }

    /**
     * Decodes every window of the clips (crop and normalisation included) without encoding: the work the index
     * overlaps with encoding.
     *
     * @return the number of windows
     */
    @Benchmark
    public int decodeOnly() {
        int[] count = {0};
        readWindows(c -> count[0]++);
        return count[0];
    }

    /** Decodes the windows of every clip, as the index does. */
    private void readWindows(java.util.function.Consumer<TimedClip> sink) {
        try (DataMediaSupport media = new DataMediaSupport()) {
            for (int i = 0; i < FILES; i++) {
                media.readVideoWindows(
                        videos.resolve("clip-" + i + ".mp4"),
                        model.config(),
                        options.windowSeconds(),
                        options.strideSeconds(),
                        sink);
            }
        }
    }

    /**
     * Encodes the pre-decoded windows in the index's batches.
     *
     * @return the embeddings of the last batch
     */
    @Benchmark
    public float[][] encodeOnly() {
        float[][] last = null;
        int batch = options.batchSize();
        for (int from = 0; from < decoded.length; from += batch) {
            last = model.encodeVideos(
                    java.util.Arrays.copyOfRange(decoded, from, Math.min(decoded.length, from + batch)));
        }
        return last;
    }
}
