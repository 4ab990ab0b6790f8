package org.simvtp.train;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param startStep step training started from (non-zero after a resume)
 * @param finalStep last completed step
 * @param skippedSteps steps skipped because of non-finite values
 * @param firstLosses loss components of the first completed step
 * @param lastLosses loss components of the last completed step
 * @param seconds wall time of the run
 * @param samples samples processed
 * @param history loss components of every step, in order (for plots and tests)
 */
public record TrainingSummary(
        long startStep,
        long finalStep,
        long skippedSteps,
        Map<String, Double> firstLosses,
        Map<String, Double> lastLosses,
        double seconds,
        long samples,
        List<StepRecord> history) {

    /** Samples per second over the run. */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : 0;
    }
}
