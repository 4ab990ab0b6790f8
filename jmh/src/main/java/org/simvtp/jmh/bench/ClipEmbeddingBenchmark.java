package org.simvtp.jmh.bench;

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
import org.simvtp.core.SimvtpConfig;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.report.Work;
import org.simvtp.models.facade.ModelKind;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;

/**
 * Clip embedding as a search service runs it: {@link Simvtp#encodeVideos(float[][])} on already-decoded,
 * normalised clips, {@code clips} clips per call and per forward pass ({@link SimvtpOptions#maxBatch()} =
 * {@code clips}), for the pre-training model and the fine-tuned two-tower model. The work per operation is the
 * number of clips, so the report's rate reads in clips per second.
 *
 * <pre>{@code
 * jmh/run-benchmarks.sh --quick -- ClipEmbeddingBenchmark -p preset=base
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
public class ClipEmbeddingBenchmark {

    /** Model preset. */
    @Param({"base"})
    public String preset;

    /** Which model embeds: {@code PRETRAINING} or {@code TWO_TOWER}. */
    @Param({"PRETRAINING", "TWO_TOWER"})
    public String kind;

    /** Clips per call (and per forward pass). */
    @Param({"1", "4"})
    public int clips;

    private Simvtp simvtp;
    private float[][] batch;

    /** Clips per operation. */
    public static Work work(Map<String, String> params) {
        return new Work(Integer.parseInt(params.get("clips")), "clip");
    }

    /** Builds the model with random weights and the clips; two calls grow the native heap to its working size. */
    @Setup
    public void setUp() {
        BenchEnvironment.prepare();
        SimvtpConfig config = BenchPreset.of(preset).config();
        simvtp = Simvtp.fromConfig(
                config,
                ModelKind.valueOf(kind),
                SimvtpOptions.builder().optMaxBatch(clips).build());
        int size = config.channels() * config.numFrames() * config.imageSize() * config.imageSize();
        SplittableRandom random = new SplittableRandom(5);
        batch = new float[clips][size];
        for (float[] clip : batch) {
            for (int i = 0; i < size; i++) {
                clip[i] = (float) random.nextGaussian();
            }
        }
        embed();
        embed();
    }

    /** Frees the model. */
    @TearDown
    public void tearDown() {
        simvtp.close();
    }

    /** Embeds the clips. */
    @Benchmark
    public float embed() {
        return simvtp.encodeVideos(batch)[0][0];
    }
}
