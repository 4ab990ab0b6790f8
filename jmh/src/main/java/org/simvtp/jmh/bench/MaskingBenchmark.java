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
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.ReferenceTextMasking;
import org.simvtp.core.masking.TextMaskingConfig;
import org.simvtp.core.masking.TextMaskingResult;
import org.simvtp.core.masking.TubeMasking;
import org.simvtp.core.masking.VideoMask;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.report.Work;

/**
 * The two masking steps of a pre-training batch, in plain Java, at reference sizes: tube masking of
 * {@value #BATCH} ViT-B clips (8 × 196 tokens each) and reference text masking (p = 0.75, every selected token
 * becomes [MASK]) of {@value #BATCH} captions of {@value #TEXT_LENGTH} tokens. Work is counted in tokens.
 *
 * <pre>{@code
 * java -jar jmh/target/benchmarks.jar MaskingBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MaskingBenchmark {

    /** Samples per batch (the reference's per-GPU batch). */
    public static final int BATCH = 16;
    /** Padded caption length. */
    public static final int TEXT_LENGTH = 32;

    private static final SimvtpConfig CONFIG = SimvtpConfig.vitBase();

    private TubeMasking tube;
    private ReferenceTextMasking text;
    private long[][] captions;
    private SplittableRandom rng;

    /**
     * Tokens per operation.
     *
     * @param params unused
     * @return {@code B·N} for {@code tube}, {@code B·L} for {@code text}
     */
    public static Work tubeWork(Map<String, String> params) {
        return new Work((double) BATCH * CONFIG.numVideoTokens(), "token");
    }

    /** Caption tokens per text-masking operation: {@code B·L}. */
    public static Work textWork(Map<String, String> params) {
        return new Work((double) BATCH * TEXT_LENGTH, "token");
    }

    /** Builds the strategies and the captions. */
    @Setup
    public void setUp() {
        tube = TubeMasking.of(CONFIG);
        text = new ReferenceTextMasking(TextMaskingConfig.of(CONFIG));
        captions = new SyntheticBatch(SimvtpConfig.tiny(), BATCH, TEXT_LENGTH, 5L).captions();
        rng = new SplittableRandom(11);
    }

    /** Tube masks for one batch. */
    @Benchmark
    public VideoMask tube() {
        return tube.sample(BATCH, rng);
    }

    /** Masked ids and labels for one batch of captions. */
    @Benchmark
    public TextMaskingResult text() {
        return text.mask(captions, rng);
    }
}
