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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.simvtp.core.metrics.RetrievalMetrics;
import org.simvtp.core.metrics.RetrievalReport;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.report.Work;

/**
 * Both retrieval directions ({@link RetrievalMetrics#evaluate}) on a {@value #SIZE} × {@value #SIZE} float32
 * similarity matrix (one caption per video, 400 MB): a noisy matrix whose diagonal is lifted, so ranks are
 * spread. Work is counted as the matrix's bytes, so the rate is matrix bytes evaluated per second.
 *
 * <pre>{@code
 * java -jar jmh/target/benchmarks.jar RetrievalMetricsBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING, "-Xmx2g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class RetrievalMetricsBenchmark {

    /** Captions = videos. */
    public static final int SIZE = 10_000;

    private float[][] sims;

    /** Matrix bytes per operation: {@code 4·SIZE²}. */
    public static Work work(Map<String, String> params) {
        return Work.bytes(4L * SIZE * SIZE);
    }

    /** Fills the matrix. */
    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(2024);
        sims = new float[SIZE][SIZE];
        for (int i = 0; i < SIZE; i++) {
            float[] row = sims[i];
            for (int j = 0; j < SIZE; j++) {
                row[j] = (float) (rng.nextDouble() * 2 - 1);
            }
            row[i] += 1.0f;
        }
    }

    /** Text-to-video and video-to-text scores. */
    @Benchmark
    public RetrievalReport evaluate() {
        return RetrievalMetrics.evaluate(sims);
    }
}
