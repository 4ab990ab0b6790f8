package org.simvtp.jmh.data;

import java.io.IOException;
import java.nio.file.Files;
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
import org.openjdk.jmh.infra.Blackhole;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.dataset.VideoTextRecord;
import org.simvtp.data.loader.Batch;
import org.simvtp.data.loader.LoaderStats;
import org.simvtp.data.loader.VideoFileSource;
import org.simvtp.data.loader.VideoTextLoader;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.report.Work;

/**
 * {@link VideoTextLoader} throughput on the pre-training pipeline ({@link VideoFileSource#pretrain}: ViT-B's 16
 * frames at stride 4 from a random start, multi-scale crop to 224, ImageNet normalisation) over {@value #CLIPS}
 * copies of a small H.264 clip (320 × 240, 25 fps, {@value #FRAMES} frames, keyframe every 12; {@link BenchClips}
 * pattern), batches of {@value #BATCH}, with 1 or 2 worker threads. One operation consumes one epoch
 * ({@value #CLIPS} clips); the loader lives for the whole trial, so prefetching runs on between operations as in
 * training. Work is counted in clips: the rate is the loader's clips per second.
 *
 * <pre>{@code
 * jmh/run-benchmarks.sh --quick -- 'org.simvtp.jmh.data.LoaderThroughputBenchmark'
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING, "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class LoaderThroughputBenchmark {

    /** Clips per epoch (copies of one file). */
    public static final int CLIPS = 32;
    /** Samples per batch. */
    public static final int BATCH = 8;
    /** Frames per clip (3.2 s at 25 fps). */
    public static final int FRAMES = 80;

    /** Loader worker threads. */
    @Param({"1", "2"})
    public int workers;

    private Path dir;
    private VideoTextLoader loader;

    /** One epoch of {@value #CLIPS} clips per operation. */
    public static Work work(Map<String, String> params) {
        return new Work(CLIPS, "clip");
    }

    /** Writes the clip, copies it, builds the loader. */
    @Setup
    public void setUp() throws IOException {
        BenchEnvironment.prepare();
        dir = BenchClips.tempDir("loader");
        Path first = BenchClips.write(dir.resolve("clip-00.mp4"), 320, 240, FRAMES, 25, 12);
        List<VideoTextRecord> records = new ArrayList<>();
        for (int i = 0; i < CLIPS; i++) {
            Path copy = i == 0 ? first : Files.copy(first, dir.resolve(String.format("clip-%02d.mp4", i)));
            records.add(new VideoTextRecord(copy, "a bright square crosses a panning texture", "clip-" + i));
        }
        loader = VideoTextLoader.builder()
                .setSource(VideoFileSource.pretrain(records, SimvtpConfig.vitBase()))
                .setBatchSize(BATCH)
                .optSeed(1)
                .optWorkers(workers)
                .build();
    }

    /** Stops the loader, checks that nothing failed, deletes the clips. */
    @TearDown
    public void tearDown() {
        LoaderStats stats = loader.stats();
        loader.close();
        BenchClips.deleteTree(dir);
        if (stats.failed() > 0) {
            throw new IllegalStateException(
                    "the loader failed on " + stats.failed() + " of " + stats.attempted() + " clips: " + stats);
        }
    }

    /** One epoch: {@value #CLIPS} / {@value #BATCH} batches. */
    @Benchmark
    public void epoch(Blackhole sink) {
        for (int b = 0; b < CLIPS / BATCH; b++) {
            Batch batch = loader.next();
            sink.consume(batch);
        }
    }
}
