package org.simvtp.jmh.probe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.bench.BenchPreset;
import org.simvtp.jmh.bench.SyntheticBatch;
import org.simvtp.jmh.flops.FlopCounter;
import org.simvtp.jmh.flops.StepFlops;
import org.simvtp.models.ExecutionMode;
import org.simvtp.models.PretrainOutput;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.nn.GradientBuffers;
import org.simvtp.train.optim.AdamW;
import org.simvtp.train.optim.NamedParameters;

/**
 * Times the phases of pre-training steps — input copy, forward, backward, AdamW update, freeing the step — and
 * prints each phase's share and the matmul GFLOP/s of the forward and backward phases. A diagnostic for
 * "where does the step time go", not part of the suite (PyTorch on CPU is synchronous, so wall-clock phases are
 * exact).
 *
 * <pre>
 * java [-Dprobe.profile=trace.json] -cp jmh/target/benchmarks.jar org.simvtp.jmh.probe.StepBreakdown \
 *     small true 6 [batch] [textLength]
 * </pre>
 * With {@code -Dprobe.profile} the last step runs under PyTorch's profiler and its Chrome trace is written there
 * ({@link TraceSummary} sums it per operator).
 */
public final class StepBreakdown {

    private StepBreakdown() {}

    /**
     * Runs the probe.
     *
     * @param args preset, reuse (true/false), steps, optional batch (16) and text length (32)
     */
    public static void main(String[] args) {
        BenchEnvironment.prepare();
        SimvtpConfig config =
                BenchPreset.of(args.length > 0 ? args[0] : "small").config();
        boolean reuse = args.length <= 1 || Boolean.parseBoolean(args[1]);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int textLength = args.length > 4 ? Integer.parseInt(args[4]) : 32;
        try (NDManager root = NDManager.newBaseManager()) {
            root.getEngine().setRandomSeed(3);
            SimvtpPretrainModel model = SimvtpPretrainModel.builder()
                    .setConfig(config)
                    .optMode(reuse ? ExecutionMode.EFFICIENT : ExecutionMode.REFERENCE)
                    .build();
            model.initialize(root);
            Map<String, NDArray> weights = new LinkedHashMap<>();
            model.namedParameters().forEach((n, p) -> weights.put(n, p.getArray()));
            SyntheticBatch data = new SyntheticBatch(config, batch, textLength, 42L);
            StepFlops flops = FlopCounter.pretrainStep(
                    config, batch, textLength, reuse, reuse ? data.labelledTokens() : (long) batch * textLength);
            Random random = new Random(17);
            GradientBuffers.allocate(weights.values()); // as Trainer does
            try (AdamW opt = AdamW.builder()
                    .setParameters(NamedParameters.of(weights))
                    .optBetas(0.9, 0.95)
                    .optManager(root)
                    .build()) {
                double[] sum = new double[5];
                double[] best = {
                    Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE
                };
                String trace = System.getProperty("probe.profile");
                for (int i = 0; i < steps; i++) {
                    boolean profile = trace != null && i == steps - 1;
                    if (profile) {
                        JniUtils.startProfile(false, true, false);
                    }
                    long faults0 = PageFaults.minor();
                    long t0 = System.nanoTime();
                    long t1;
                    long t2;
                    long t3;
                    long t4;
                    try (NDManager step = root.newSubManager()) {
                        var in = data.pretrainInputs(step);
                        t1 = System.nanoTime();
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            PretrainOutput out = model.forward(in, true, random);
                            out.lossTotal().getFloat();
                            t2 = System.nanoTime();
                            gc.backward(out.lossTotal());
                            t3 = System.nanoTime();
                        }
                        opt.update(1e-4, 0.05);
                        t4 = System.nanoTime();
                    }
                    long t5 = System.nanoTime();
                    if (profile) {
                        JniUtils.stopProfile(trace);
                        System.out.println("profile of the last step written to " + trace);
                    }
                    double[] phase = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4};
                    System.out.printf(
                            Locale.ROOT,
                            "step %d: input %.1f ms, forward %.1f ms, backward %.1f ms,"
                                    + " adamw %.1f ms, close %.1f ms, total %.1f ms, %d page faults%n",
                            i,
                            phase[0] / 1e6,
                            phase[1] / 1e6,
                            phase[2] / 1e6,
                            phase[3] / 1e6,
                            phase[4] / 1e6,
                            (t5 - t0) / 1e6,
                            PageFaults.minor() - faults0);
                    if (i > 0) {
                        for (int k = 0; k < 5; k++) {
                            sum[k] += phase[k];
                            best[k] = Math.min(best[k], phase[k]);
                        }
                    }
                }
                int n = Math.max(1, steps - 1);
                double total = 0;
                for (double s : sum) {
                    total += s;
                }
                System.out.printf(
                        Locale.ROOT,
                        "mean of steps 1..%d: %.1f ms/step; forward %.1f GFLOP in %.1f ms"
                                + " (%.1f GFLOP/s), backward %.1f GFLOP in %.1f ms (%.1f GFLOP/s), adamw %.1f ms"
                                + " (%.0f %%), input+close %.1f ms; step %.1f GFLOP/s%n",
                        steps - 1,
                        total / n / 1e6,
                        flops.forward() / 1e9,
                        sum[1] / n / 1e6,
                        flops.forward() / (sum[1] / n),
                        flops.backward() / 1e9,
                        sum[2] / n / 1e6,
                        flops.backward() / (sum[2] / n),
                        sum[3] / n / 1e6,
                        100 * sum[3] / total,
                        (sum[0] + sum[4]) / n / 1e6,
                        flops.total() / (total / n));
                System.out.printf(
                        Locale.ROOT,
                        "best per phase: forward %.1f ms (%.1f GFLOP/s), backward %.1f ms"
                                + " (%.1f GFLOP/s), adamw %.1f ms, input+close %.1f ms; sum %.1f ms = %.1f GFLOP/s%n",
                        best[1] / 1e6,
                        flops.forward() / best[1],
                        best[2] / 1e6,
                        flops.backward() / best[2],
                        best[3] / 1e6,
                        (best[0] + best[4]) / 1e6,
                        (best[0] + best[1] + best[2] + best[3] + best[4]) / 1e6,
                        flops.total() / (best[0] + best[1] + best[2] + best[3] + best[4]));
                flops.parts()
                        .forEach(p -> System.out.printf(
                                Locale.ROOT,
                                "  %-20s forward %8.2f GFLOP (%4.1f %%)%n",
                                p.name(),
                                p.forward() / 1e9,
                                100.0 * p.forward() / flops.forward()));
            }
        }
    }
}
