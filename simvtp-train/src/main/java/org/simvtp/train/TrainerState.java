package org.simvtp.train;

import java.util.Objects;
import org.simvtp.train.checkpoint.TrainingRng;
import org.simvtp.train.optim.DynamicLossScaler;

/**
 * The trainer's own checkpointed state besides the weights and the optimizer state: the file
 * {@code trainer.json} of every checkpoint, read and written by {@link TrainerStateCodec}.
 *
 * <pre>{@code
 * TrainerState state = TrainerStateCodec.decode(Files.readAllBytes(dir.resolve("trainer.json")), dir.toString());
 * long resumeAt = state.step();
 * }</pre>
 *
 * @param step optimizer steps completed (skipped steps included)
 * @param batchesConsumed batches taken from the {@link BatchSource} so far (the resume position)
 * @param skippedSteps steps skipped for non-finite losses or gradients, or loss-scale overflows
 * @param rng the state of the run's random streams
 * @param precision the precision the run computed in ({@link Precision#FP32} for checkpoints written before
 *     precisions existed)
 * @param lossScaler the dynamic loss scaler's state, or null when the precision does not scale the loss
 * @param trainerConfig {@link TrainerConfig#toString()} of the run, for humans
 */
public record TrainerState(
        long step,
        long batchesConsumed,
        long skippedSteps,
        TrainingRng rng,
        Precision precision,
        DynamicLossScaler.State lossScaler,
        String trainerConfig) {

    /**
     * Validates the state.
     *
     * @throws IllegalArgumentException naming the field if a counter is negative
     * @throws NullPointerException naming the field if {@code rng}, {@code precision} or {@code trainerConfig}
     *     is null
     */
    public TrainerState {
        requireNonNegative("step", step);
        requireNonNegative("batchesConsumed", batchesConsumed);
        requireNonNegative("skippedSteps", skippedSteps);
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(trainerConfig, "trainerConfig");
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }
}
