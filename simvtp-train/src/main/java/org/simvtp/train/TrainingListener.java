package org.simvtp.train;

import java.nio.file.Path;

/**
 * Observes a {@link Trainer}: progress bars, metric files, plots. Every method has an empty default.
 *
 * <pre>{@code
 * trainer.addListener(new TrainingListener() {
 *     public void onStep(StepRecord r) { System.out.println(r.step() + " " + r.losses().get("loss")); }
 * });
 * }</pre>
 */
public interface TrainingListener {

    /** Called once before the first step, with the step training starts from (0, or a resumed step). */
    default void onStart(long startStep, long totalSteps) {}

    /** Called after every optimizer step (also skipped ones). */
    default void onStep(StepRecord record) {}

    /** Called after a checkpoint was written. */
    default void onCheckpoint(long step, Path directory) {}

    /** Called once at the end of {@link Trainer#fit}. */
    default void onEnd(TrainingSummary summary) {}
}
