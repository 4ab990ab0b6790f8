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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.flops.FlopCounter;
import org.simvtp.jmh.report.BenchResult;
import org.simvtp.jmh.report.Work;
import org.simvtp.models.DualEncoder;
import org.simvtp.models.objective.Losses;

/**
 * One retrieval fine-tuning step of the two-tower {@link DualEncoder} (drop-path 0.1): both towers on
 * {@value #BATCH} whole clips and captions of {@value #TEXT_LENGTH} tokens, cosine similarity, NormSoftmax loss
 * (τ = 0.05), backward, AdamW (0.9, 0.999). FLOPs per operation: {@link FlopCounter#finetuneStep}. Also records
 * {@code liveArraysPerStep}.
 *
 * <pre>{@code
 * java -jar jmh/target/benchmarks.jar FinetuneStepBenchmark
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
public class FinetuneStepBenchmark {

    /** Pairs per step (the reference's per-GPU fine-tuning batch). */
    public static final int BATCH = 8;
    /** Padded caption length. */
    public static final int TEXT_LENGTH = 32;

    /** Model preset. */
    @Param({"small"})
    public String preset;

    private NDManager root;
    private DualEncoder model;
    private SyntheticBatch data;
    private TrainingHarness harness;
    private double tau;

    /** Matmul FLOPs per step, forward and backward. */
    public static Work work(Map<String, String> params) {
        return Work.flops(
                FlopCounter.finetuneStep(BenchPreset.of(params.get("preset")).config(), BATCH, TEXT_LENGTH)
                        .total());
    }

    /**
     * Builds the model, the optimizer and the batch, and runs {@value PretrainStepBenchmark#SETUP_STEPS} steps, as
     * the pre-training benchmark does (the first steps of a process run while the native heap grows).
     */
    @Setup
    public void setUp() {
        BenchEnvironment.prepare();
        root = NDManager.newBaseManager();
        root.getEngine().setRandomSeed(5);
        SimvtpConfig config = BenchPreset.of(preset).config();
        tau = config.vtcTemperature();
        model = new DualEncoder(config);
        model.initialize(root);
        data = new SyntheticBatch(config, BATCH, TEXT_LENGTH, 43L);
        harness = new TrainingHarness(root, model.namedParameters(), 0.9, 0.999, 7.5e-5, 0.05);
        for (int i = 0; i < PretrainStepBenchmark.SETUP_STEPS; i++) {
            step();
        }
    }

    /** Records the live-array growth and frees everything. */
    @TearDown
    public void tearDown() {
        harness.recordLiveArrayGrowth(BenchResult.key("FinetuneStepBenchmark.step", Map.of("preset", preset)));
        harness.close();
        root.close();
    }

    /** One training step; returns the loss. */
    @Benchmark
    public float step() {
        return harness.step(s -> {
            NDArray v = model.encodeVideo(data.video(s), true);
            NDArray t = model.encodeText(data.ids(s), data.attentionMask(s), true);
            return Losses.normSoftmax(Losses.cosineSimilarity(t, v), tau);
        });
    }
}
