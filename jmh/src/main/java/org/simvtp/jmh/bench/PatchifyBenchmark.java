package org.simvtp.jmh.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.VideoMask;
import org.simvtp.core.video.TokenGather;
import org.simvtp.core.video.VideoPatchifier;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.report.Work;

/**
 * Patchify and the reconstruction targets on {@value #BATCH} ViT-B clips (3 × 16 × 224², 9.63 MB of float32
 * each): {@code patchify} de-normalises and cuts into [B, 1568, 1536] tokens; {@code targets} computes the
 * per-patch normalised pixel targets and gathers the 1408 masked tokens per clip, as a pre-training step does.
 * Work is counted in input clip bytes, so the rate is clip bytes processed per second.
 *
 * <pre>{@code
 * java -jar jmh/target/benchmarks.jar PatchifyBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PatchifyBenchmark {

    /** Clips per operation. */
    public static final int BATCH = 2;

    private static final SimvtpConfig CONFIG = SimvtpConfig.vitBase();

    private NDManager manager;
    private NDArray video;
    private VideoMask mask;
    private VideoPatchifier patchifier;

    /** Input bytes per operation: {@code B·C·T·H·W·4}. */
    public static Work work(Map<String, String> params) {
        return Work.bytes(BATCH * bytesPerClip(CONFIG));
    }

    /** Bytes of one float32 clip of {@code config}. */
    public static long bytesPerClip(SimvtpConfig config) {
        return 4L * config.channels() * config.numFrames() * config.imageSize() * config.imageSize();
    }

    /** Creates the clips and the mask. */
    @Setup
    public void setUp() {
        BenchEnvironment.prepare();
        manager = NDManager.newBaseManager();
        SyntheticBatch data = new SyntheticBatch(CONFIG, BATCH, 8, 3L);
        video = data.video(manager);
        mask = data.mask();
        patchifier = VideoPatchifier.of(CONFIG);
    }

    /** Frees everything. */
    @TearDown
    public void tearDown() {
        manager.close();
    }

    /** De-normalise and cut into tokens. */
    @Benchmark
    public float patchify() {
        try (NDManager op = manager.newSubManager()) {
            video.tempAttach(op);
            return patchifier.patchify(video).getFloat(0, 0, 0);
        }
    }

    /** Normalised targets of all tokens, then the masked ones. */
    @Benchmark
    public float targets() {
        try (NDManager op = manager.newSubManager()) {
            video.tempAttach(op);
            return TokenGather.masked(patchifier.normalizedTargets(video), mask).getFloat(0, 0, 0);
        }
    }
}
