package org.simvtp.train;

import java.util.Map;

/**
 * What happened in one optimizer step, as reported to {@link TrainingListener}s.
 *
 * @param step 1-based optimizer step just finished
 * @param totalSteps planned number of steps
 * @param learningRate the base learning rate used
 * @param losses mean over replicas of each loss component, including {@code loss}
 * @param samples samples processed in this step (all replicas, all accumulation micro-batches)
 * @param seconds wall time of this step
 * @param skipped true when the step was skipped because a loss or gradient was not finite
 * @param gradientNorm global gradient norm before clipping, or NaN when not computed
 */
public record StepRecord(
        long step,
        long totalSteps,
        double learningRate,
        Map<String, Double> losses,
        int samples,
        double seconds,
        boolean skipped,
        double gradientNorm) {}
