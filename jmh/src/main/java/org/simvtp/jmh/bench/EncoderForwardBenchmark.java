package org.simvtp.jmh.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
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
import org.simvtp.core.SimvtpConfig;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.flops.FlopCounter;
import org.simvtp.jmh.report.Work;
import org.simvtp.models.DualEncoder;

/**
 * Video encoder forward, inference (no autograd): {@code DualEncoder.encodeVideo} on whole clips (all N tokens,
 * as in retrieval), for the tiny, small and ViT-B presets. FLOPs per operation:
 * {@link FlopCounter#videoEncoderForward} — tiny 8 clips, small 4 clips, base 1 clip (≈ 360.7 GFLOP).
 *
 * <pre>{@code
 * java -jar jmh/target/benchmarks.jar EncoderForwardBenchmark -p preset=base
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class EncoderForwardBenchmark {

    /** Forward calls made by the set-up, before JMH's warm-up. */
    public static final int SETUP_CALLS = 2;

    /** Model preset. */
    @Param({"tiny", "small", "base"})
    public String preset;

    private NDManager manager;
    private DualEncoder model;
    private NDArray video;

    /** Clips per operation for a preset: tiny 8, small 4, base 1. */
    public static int batch(BenchPreset preset) {
        switch (preset) {
            case TINY:
                return 8;
            case SMALL:
                return 4;
            default:
                return 1;
        }
    }

    /** Matmul FLOPs per operation. */
    public static Work work(Map<String, String> params) {
        BenchPreset p = BenchPreset.of(params.get("preset"));
        return Work.flops(FlopCounter.videoEncoderForward(p.config(), batch(p)).total());
    }

    /** Builds and initialises the model, creates the clips. */
    @Setup
    public void setUp() {
        BenchEnvironment.prepare();
        BenchPreset p = BenchPreset.of(preset);
        SimvtpConfig config = p.config();
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(7);
        model = new DualEncoder(config);
        model.initialize(manager);
        video = new SyntheticBatch(config, Math.max(2, batch(p)), 8, 9L).video(manager);
        if (batch(p) == 1) {
            video = video.get("0:1");
        }
        // the first calls grow the native heap to its working size (ViT-B: 17 s and 14 s, then 3.8 s per clip)
        for (int i = 0; i < SETUP_CALLS; i++) {
            forward();
        }
    }

    /** Frees the model. */
    @TearDown
    public void tearDown() {
        manager.close();
    }

    /** One forward pass; grad mode off as in evaluation. */
    @Benchmark
    public float forward() {
        JniUtils.setGradMode(false);
        try (NDManager op = manager.newSubManager()) {
            video.tempAttach(op);
            return model.encodeVideo(video, false).getFloat(0, 0);
        }
    }
}
