package org.simvtp.jmh.bench;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.Random;
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
import org.simvtp.models.ExecutionMode;
import org.simvtp.models.SimvtpPretrainModel;

/**
 * One SimVTP pre-training step — forward with the four losses, backward, AdamW (0.9, 0.95) — on a batch of
 * {@value #BATCH} clips and captions of {@value #TEXT_LENGTH} tokens, for the tiny and small presets, with the
 * reference's four passes ({@code reuse=false}) or with the joint pass reused for the VTM positives
 * ({@code reuse=true}, the efficient mode {@code SimvtpPretrainModel.builder().setConfig(config).optMode(ExecutionMode.EFFICIENT).build()}, which also runs the MLM head
 * on the labelled positions only). FLOPs per operation: {@link FlopCounter#pretrainStep} (forward + backward of
 * every matmul actually executed: the efficient mode does B fewer matching sequences and K = labelled tokens
 * instead of B·L rows of the MLM head). Also records the growth of live NDArrays per step ({@code liveArraysPerStep}, must stay 0).
 *
 * <pre>{@code
 * java -jar jmh/target/benchmarks.jar PretrainStepBenchmark -p preset=small
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
public class PretrainStepBenchmark {

    /** Clips per step (the reference's per-GPU batch). */
    public static final int BATCH = 16;
    /** Padded caption length. */
    public static final int TEXT_LENGTH = 32;
    /** Steps run by {@link #setUp()}. */
    public static final int SETUP_STEPS = 3;
    /** Seed of the synthetic batch. */
    public static final long SEED = 42L;

    /** Model preset. */
    @Param({"tiny", "small"})
    public String preset;

    /** Whether VTM positives reuse the joint pass (false = reference exact). */
    @Param({"true", "false"})
    public boolean reuse;

    private NDManager root;
    private SimvtpPretrainModel model;
    private SyntheticBatch data;
    private TrainingHarness harness;
    private Random random;

    /**
     * Matmul FLOPs per step, forward and backward; the efficient mode ({@code reuse=true}) counts its MLM head on
     * the labelled positions of the benchmark's batch only, i.e. the FLOPs it executes.
     */
    public static Work work(Map<String, String> params) {
        SimvtpConfig config = BenchPreset.of(params.get("preset")).config();
        boolean efficient = Boolean.parseBoolean(params.get("reuse"));
        long mlmRows = efficient
                ? new SyntheticBatch(config, BATCH, TEXT_LENGTH, SEED).labelledTokens()
                : (long) BATCH * TEXT_LENGTH;
        return Work.flops(FlopCounter.pretrainStep(config, BATCH, TEXT_LENGTH, efficient, mlmRows)
                .total());
    }

    /**
     * Builds the model, the optimizer and the batch, and runs {@value #SETUP_STEPS} steps: lazily created state
     * (gradients, moments) exists and the native heap has grown to its working size before the measurement —
     * a --quick run has a single one-step warm-up iteration.
     */
    @Setup
    public void setUp() {
        BenchEnvironment.prepare();
        root = NDManager.newBaseManager();
        root.getEngine().setRandomSeed(3);
        var config = BenchPreset.of(preset).config();
        model = SimvtpPretrainModel.builder()
                .setConfig(config)
                .optMode(reuse ? ExecutionMode.EFFICIENT : ExecutionMode.REFERENCE)
                .build();
        model.initialize(root);
        data = new SyntheticBatch(config, BATCH, TEXT_LENGTH, SEED);
        harness = new TrainingHarness(root, model.namedParameters(), 0.9, 0.95, 1e-4, 0.05);
        random = new Random(17);
        for (int i = 0; i < SETUP_STEPS; i++) {
            step();
        }
    }

    /** Records the live-array growth and frees everything. */
    @TearDown
    public void tearDown() {
        harness.recordLiveArrayGrowth(BenchResult.key(
                "PretrainStepBenchmark.step", Map.of("preset", preset, "reuse", String.valueOf(reuse))));
        harness.close();
        root.close();
    }

    /** One training step; returns the loss. */
    @Benchmark
    public float step() {
        return harness.step(
                s -> model.forward(data.pretrainInputs(s), true, random).lossTotal());
    }
}
