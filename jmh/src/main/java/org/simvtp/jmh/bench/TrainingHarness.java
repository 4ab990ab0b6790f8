package org.simvtp.jmh.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.simvtp.jmh.BenchEnvironment;
import org.simvtp.jmh.report.Sidecar;
import org.simvtp.models.nn.GradientBuffers;
import org.simvtp.train.optim.AdamW;
import org.simvtp.train.optim.NamedParameters;

/**
 * One model, its AdamW and the step loop shared by the training-step benchmarks: forward in a per-step
 * sub-manager inside a {@link GradientCollector}, backward, one optimizer update; the step manager is closed at
 * the end, so every activation is freed. Also tracks the live NDArrays under the model's manager, whose growth
 * per step must be zero.
 *
 * <pre>{@code
 * TrainingHarness h = new TrainingHarness(root, model.namedParameters(), 0.9, 0.95, 1e-4, 0.05);
 * float loss = h.step(step -> model.forward(data.pretrainInputs(step), true, random).lossTotal());
 * h.recordLiveArrayGrowth("PretrainStepBenchmark.step[preset=small,reuse=true]");
 * h.close();
 * }</pre>
 */
final class TrainingHarness implements AutoCloseable {

    private final NDManager root;
    private final AdamW optimizer;
    private final double lr;
    private final double weightDecay;
    private long steps;
    private int liveAfterFirst = -1;

    TrainingHarness(
            NDManager root,
            Map<String, Parameter> parameters,
            double beta1,
            double beta2,
            double lr,
            double weightDecay) {
        this.root = root;
        Map<String, NDArray> weights = new LinkedHashMap<>();
        parameters.forEach((name, p) -> weights.put(name, p.getArray()));
        GradientBuffers.allocate(weights.values()); // as Trainer does
        this.optimizer = AdamW.builder()
                .setParameters(NamedParameters.of(weights))
                .optBetas(beta1, beta2)
                .optManager(root)
                .build();
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    /**
     * Runs one training step.
     *
     * @param loss builds the scalar loss from inputs created in the given per-step manager
     * @return the loss value
     */
    float step(Function<NDManager, NDArray> loss) {
        float value;
        try (NDManager step = root.newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.apply(step);
                gc.backward(l);
                value = l.getFloat();
            }
            optimizer.update(lr, weightDecay);
        }
        steps++;
        if (steps == 1) {
            liveAfterFirst = BenchEnvironment.liveArrays(root);
        }
        return value;
    }

    /** Live NDArrays gained per step since the first step (0 when nothing leaks); NaN before two steps. */
    double liveArrayGrowthPerStep() {
        return steps < 2 ? Double.NaN : (BenchEnvironment.liveArrays(root) - liveAfterFirst) / (double) (steps - 1);
    }

    /** Records {@link #liveArrayGrowthPerStep()} in the sidecar under {@code key}. */
    void recordLiveArrayGrowth(String key) {
        double growth = liveArrayGrowthPerStep();
        if (!Double.isNaN(growth)) {
            Sidecar.record(key, "liveArraysPerStep", growth);
        }
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
