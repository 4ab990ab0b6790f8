package org.simvtp.jmh.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.flops.FlopCounter;
import org.simvtp.jmh.report.Work;

/**
 * The same-run yardstick: one 2048 × 2048 × 2048 float32 matmul through DJL/PyTorch
 * ({@code 2·2048³ = 17.18 GFLOP}). Every other figure of the suite is reported relative to it, which cancels the
 * speed and the momentary load of the machine to first order.
 *
 * <pre>{@code
 * java -jar jmh/target/benchmarks.jar YardstickMatmulBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class YardstickMatmulBenchmark {

    /** Matrix side. */
    public static final int SIZE = 2048;

    private NDManager manager;
    private NDArray a;
    private NDArray b;

    /** FLOPs of one operation. */
    public static Work work(Map<String, String> params) {
        return Work.flops(FlopCounter.matmul(SIZE, SIZE, SIZE));
    }

    /** Creates the operands. */
    @Setup
    public void setUp() {
        BenchEnvironment.prepare();
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(1);
        a = manager.randomUniform(-1, 1, new Shape(SIZE, SIZE));
        b = manager.randomUniform(-1, 1, new Shape(SIZE, SIZE));
    }

    /** Frees the operands. */
    @TearDown
    public void tearDown() {
        manager.close();
    }

    /** One product; the result is freed at once. */
    @Benchmark
    public float matmul2048() {
        try (NDArray c = a.matMul(b)) {
            return c.getFloat(0, 0);
        }
    }
}
