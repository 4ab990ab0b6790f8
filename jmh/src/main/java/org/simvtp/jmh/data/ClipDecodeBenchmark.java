package org.simvtp.jmh.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
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
import org.simvtp.data.sampling.FrameSampler;
import org.simvtp.data.sampling.PretrainFrameSampler;
import org.simvtp.data.sampling.TestFrameSampler;
import org.simvtp.data.transform.Resize;
import org.simvtp.data.video.DecodeStrategy;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.DecoderOptions;
import org.simvtp.data.video.VideoDecoder;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.report.Work;

/**
 * Decoding a 10 s 640 × 480 H.264 clip (25 fps, 250 frames, {@link BenchClips} pattern, keyframe every
 * {@code gop} frames), all on one thread (decoder thread count 1), each operation opening the file as a loader
 * does:
 * <ul>
 *   <li>{@code decodeAll} — sequential decode of every frame to RGB at full size: the yardstick of the issue's
 *       target;</li>
 *   <li>{@code samplePretrain} — the pre-training sampler (16 frames at stride 4 from a random start, a new start
 *       every operation), decode with the default {@link DecodeStrategy#AUTO} (seeks to a keyframe when that
 *       skips more than 16 frames), bilinear resize to 224 × 224;</li>
 *   <li>{@code sampleTest} — the test sampler (16 frames at stride 4, 3 temporal segments: 48 frames across the
 *       whole clip), decode, resize to 224 × 224.</li>
 * </ul>
 * Target of the issue: {@code samplePretrain} time / {@code decodeAll} time ≤ 1. Work is one clip per operation,
 * counted as the clip's decoded RGB size (640·480·3·250 = 230.4 MB), so the rate is clip bytes per second and the
 * ratio of two rates is the inverse ratio of their times.
 *
 * <pre>{@code
 * jmh/run-benchmarks.sh --quick -- 'org.simvtp.jmh.data.ClipDecodeBenchmark'
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING, "-Xmx3g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class ClipDecodeBenchmark {

    /** Frame width. */
    public static final int WIDTH = 640;
    /** Frame height. */
    public static final int HEIGHT = 480;
    /** Frames per second. */
    public static final int FPS = 25;
    /** Frames of the clip (10 s). */
    public static final int FRAMES = 250;
    /** Output side after resizing. */
    public static final int SIZE = 224;

    /** Keyframe interval in frames: 12 (the writer's default, about 2 per second) or 250 (only the first). */
    @Param({"12", "250"})
    public int gop;

    private Path dir;
    private Path clip;
    private DecoderOptions singleThread;
    private int[] allFrames;
    private final FrameSampler pretrainSampler = new PretrainFrameSampler(16, 4);
    private final FrameSampler testSampler = new TestFrameSampler(16, 4, 3);
    private SplittableRandom random;

    /** One clip per operation, counted as its decoded RGB bytes. */
    public static Work work(Map<String, String> params) {
        return Work.bytes(clipBytes());
    }

    /** Decoded RGB bytes of the clip: {@code W·H·3·frames}. */
    public static long clipBytes() {
        return 3L * WIDTH * HEIGHT * FRAMES;
    }

    /** Encodes the clip into a temporary directory. */
    @Setup
    public void setUp() {
        BenchEnvironment.prepare();
        dir = BenchClips.tempDir("decode");
        clip = BenchClips.write(dir.resolve("clip.mp4"), WIDTH, HEIGHT, FRAMES, FPS, gop);
        singleThread = DecoderOptions.builder().optThreadCount(1).build();
        allFrames = new int[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            allFrames[i] = i;
        }
        random = new SplittableRandom(5);
        try (VideoDecoder decoder = VideoDecoder.open(clip, singleThread)) {
            if (decoder.frameCount() != FRAMES) {
                throw new IllegalStateException(clip + " has " + decoder.frameCount() + " frames, expected " + FRAMES);
            }
        }
    }

    /** Deletes the clip. */
    @TearDown
    public void tearDown() {
        BenchClips.deleteTree(dir);
    }

    /** Every frame, in order, to RGB at 640 × 480. */
    @Benchmark
    public DecodedClip decodeAll() {
        try (VideoDecoder decoder = VideoDecoder.open(clip, singleThread)) {
            return decoder.decode(allFrames, 0, 0, DecodeStrategy.SEQUENTIAL);
        }
    }

    /** 16 frames at stride 4 from a random start, resized to 224 × 224. */
    @Benchmark
    public DecodedClip samplePretrain() {
        return sampleAndResize(pretrainSampler);
    }

    /** 3 segments × 16 frames at stride 4 over the whole clip, resized to 224 × 224. */
    @Benchmark
    public DecodedClip sampleTest() {
        return sampleAndResize(testSampler);
    }

    private DecodedClip sampleAndResize(FrameSampler sampler) {
        try (VideoDecoder decoder = VideoDecoder.open(clip, singleThread)) {
            int[][] views = sampler.sample(decoder.frameCount(), random);
            int[] indices = views.length == 1 ? views[0] : concat(views);
            return Resize.resize(decoder.decode(indices), SIZE, SIZE, Resize.Mode.BILINEAR);
        }
    }

    private static int[] concat(int[][] views) {
        int total = 0;
        for (int[] v : views) {
            total += v.length;
        }
        int[] out = new int[total];
        int k = 0;
        for (int[] v : views) {
            System.arraycopy(v, 0, out, k, v.length);
            k += v.length;
        }
        return out;
    }
}
