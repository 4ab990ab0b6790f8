package org.simvtp.examples.cli;

import java.time.Duration;
import org.simvtp.train.recipes.RunSettingsBuilder;
import picocli.CommandLine.Option;

/**
 * Options shared by the training commands: schedule length and warm-up, learning rate, time budget, loader
 * threads, seed and checkpoint interval. The batch size stays with each command (its default and meaning differ).
 */
final class RunOptions {

    @Option(
            names = "--steps",
            defaultValue = "1000",
            paramLabel = "N",
            description = "Optimizer steps the schedule spans (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            description = "Warm-up steps (default: the recipe's, a tenth of --steps for pre-training, 5%% for "
                    + "fine-tuning).")
    Long warmup;

    @Option(
            names = "--lr",
            paramLabel = "LR",
            description = "Peak learning rate (default: the reference's, 1.5e-4 * global_batch / 256 for "
                    + "pre-training, 7.5e-5 for fine-tuning).")
    Double lr;

    @Option(names = "--minutes", paramLabel = "M", description = "Stop after M minutes (checkpoint kept).")
    Double minutes;

    @Option(
            names = "--workers",
            defaultValue = "0",
            paramLabel = "N",
            description = "Video decoding threads (default: half the cores).")
    int workers;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--checkpoint-every",
            defaultValue = "500",
            paramLabel = "N",
            description = "Steps between checkpoints, 0 = only at the end (default ${DEFAULT-VALUE}).")
    long checkpointEvery;

    /**
     * Copies the given options onto a settings builder; options left out keep the builder's defaults.
     *
     * @param builder the builder of the job's settings
     * @param data the data options of the same command
     */
    void applyTo(RunSettingsBuilder<?> builder, DataOptions data) {
        builder.optFormat(data.format)
                .optRoot(data.root)
                .optSteps(steps)
                .optWorkers(workers)
                .optSeed(seed)
                .optCheckpointEvery(checkpointEvery);
        if (warmup != null) {
            builder.optWarmupSteps(warmup);
        }
        if (lr != null) {
            builder.optLearningRate(lr);
        }
        if (minutes != null) {
            builder.optBudget(Duration.ofMillis(Math.round(minutes * 60_000)));
        }
    }
}
