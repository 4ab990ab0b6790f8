package org.simvtp.jmh.probe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.bench.BenchPreset;
import org.simvtp.jmh.bench.PretrainStepBenchmark;
import org.simvtp.jmh.bench.SyntheticBatch;
import org.simvtp.jmh.bench.YardstickMatmulBenchmark;
import org.simvtp.jmh.flops.FlopCounter;
import org.simvtp.models.ExecutionMode;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.nn.GradientBuffers;
import org.simvtp.train.optim.AdamW;
import org.simvtp.train.optim.NamedParameters;

/**
 * The step-to-matmul ratio of {@code PretrainStepBenchmark} measured in pairs: each round times two 2048³
 * matmuls and then one pre-training step (same batch, model and AdamW as the benchmark) back to back, and the
 * round's ratio is the step's matmul GFLOP/s over the matmuls' GFLOP/s. The median over rounds is far less
 * sensitive to the load drifts of a shared machine than two figures taken minutes apart (JMH runs one benchmark
 * after the other).
 *
 * <pre>
 * java -Dai.djl.offline=true -cp jmh/target/benchmarks.jar org.simvtp.jmh.probe.PairedEfficiency small true 12
 * </pre>
 */
public final class PairedEfficiency {

    private PairedEfficiency() {}

    /**
     * Runs the probe and prints one line per round and the median, lowest and highest ratio.
     *
     * @param args preset (small), efficient mode (true), rounds after one warm-up round (12)
     */
    public static void main(String[] args) {
        BenchEnvironment.prepare();
        String preset = args.length > 0 ? args[0] : "small";
        SimvtpConfig config = BenchPreset.of(preset).config();
        boolean efficient = args.length <= 1 || Boolean.parseBoolean(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        int batch = PretrainStepBenchmark.BATCH;
        int length = PretrainStepBenchmark.TEXT_LENGTH;
        int side = YardstickMatmulBenchmark.SIZE;
        double matmulFlops = FlopCounter.matmul(side, side, side);
        try (NDManager root = NDManager.newBaseManager()) {
            root.getEngine().setRandomSeed(3);
            SimvtpPretrainModel model = SimvtpPretrainModel.builder()
                    .setConfig(config)
                    .optMode(efficient ? ExecutionMode.EFFICIENT : ExecutionMode.REFERENCE)
                    .build();
            model.initialize(root);
            SyntheticBatch data = new SyntheticBatch(config, batch, length, PretrainStepBenchmark.SEED);
            double stepFlops = FlopCounter.pretrainStep(
                            config, batch, length, efficient, efficient ? data.labelledTokens() : (long) batch * length)
                    .total();
            Map<String, NDArray> weights = new LinkedHashMap<>();
            model.namedParameters().forEach((n, p) -> weights.put(n, p.getArray()));
            NDArray a = root.randomUniform(-1, 1, new Shape(side, side));
            NDArray b = root.randomUniform(-1, 1, new Shape(side, side));
            Random random = new Random(17);
            double[] ratios = new double[rounds];
            GradientBuffers.allocate(weights.values()); // as Trainer does
            try (AdamW opt = AdamW.builder()
                    .setParameters(NamedParameters.of(weights))
                    .optBetas(0.9, 0.95)
                    .optManager(root)
                    .build()) {
                for (int r = -1; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 2; i++) {
                        try (NDArray c = a.matMul(b)) {
                            c.getFloat(0, 0);
                        }
                    }
                    long t1 = System.nanoTime();
                    try (NDManager step = root.newSubManager();
                            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = model.forward(data.pretrainInputs(step), true, random)
                                .lossTotal();
                        gc.backward(loss);
                        loss.getFloat();
                    }
                    opt.update(1e-4, 0.05);
                    long t2 = System.nanoTime();
                    double matmulRate = 2 * matmulFlops / ((t1 - t0) / 1e9);
                    double stepRate = stepFlops / ((t2 - t1) / 1e9);
                    if (r >= 0) {
                        ratios[r] = stepRate / matmulRate;
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "round %d%s: matmul %.1f GFLOP/s, step %.3f s = %.1f GFLOP/s," + " ratio %.3f%n",
                            r,
                            r < 0 ? " (warm-up)" : "",
                            matmulRate / 1e9,
                            (t2 - t1) / 1e9,
                            stepRate / 1e9,
                            stepRate / matmulRate);
                }
            }
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            double median = rounds % 2 == 1 ? sorted[rounds / 2] : (sorted[rounds / 2 - 1] + sorted[rounds / 2]) / 2;
            System.out.printf(
                    Locale.ROOT,
                    "%s step (%s, %.1f GFLOP) vs 2048³ matmul, %d paired rounds, %d intra-op"
                            + " threads: median ratio %.3f (lowest %.3f, highest %.3f)%n",
                    preset,
                    efficient ? "efficient" : "reference",
                    stepFlops / 1e9,
                    rounds,
                    threads(),
                    median,
                    sorted[0],
                    sorted[rounds - 1]);
        }
    }

    private static int threads() {
        String property = System.getProperty("ai.djl.pytorch.num_threads");
        return property != null
                ? Integer.parseInt(property)
                : Runtime.getRuntime().availableProcessors();
    }
}
