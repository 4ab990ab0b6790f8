package org.simvtp.train.recipes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * The options every training run shares — data format and video root, schedule length and warm-up, batch size,
 * learning rate, time budget, loader threads, seed, checkpoint interval — for the builders of
 * {@link PretrainSettings} and {@link FinetuneSettings}. Defaults are the settings' own (see their builders).
 *
 * <pre>{@code
 * PretrainSettings s = PretrainSettings.builder(annotations, runDir).optSteps(300).optBatchSize(8).build();
 * }</pre>
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class RunSettingsBuilder<B extends RunSettingsBuilder<B>> {
    DataFormat format;
    Path root;
    long steps = 1000;
    long warmupSteps = -1;
    int batchSize;
    OptionalDouble learningRate = OptionalDouble.empty();
    Duration budget;
    int workers;
    long seed;
    long checkpointEvery = 500;

    RunSettingsBuilder(int defaultBatchSize) {
        this.batchSize = defaultBatchSize;
    }

    /** This builder, typed. */
    abstract B self();

    /**
     * Sets the annotation format (default: detected).
     *
     * @param v the format
     * @return this builder
     */
    public B optFormat(DataFormat v) {
        format = v;
        return self();
    }

    /**
     * Sets the video root folder (default: each annotation file's folder).
     *
     * @param v the folder
     * @return this
     */
    public B optRoot(Path v) {
        root = v;
        return self();
    }

    /**
     * Sets the schedule length (default 1000).
     *
     * @param v steps
     * @return this builder
     */
    public B optSteps(long v) {
        steps = v;
        return self();
    }

    /**
     * Sets the warm-up (default: a fraction of the steps, see the settings).
     *
     * @param v steps
     * @return this
     */
    public B optWarmupSteps(long v) {
        warmupSteps = v;
        return self();
    }

    /**
     * Sets the samples per step and process.
     *
     * @param v batch size
     * @return this builder
     */
    public B optBatchSize(int v) {
        batchSize = v;
        return self();
    }

    /**
     * Sets the peak learning rate (default: the reference's).
     *
     * @param v lr, positive
     * @return this builder
     */
    public B optLearningRate(double v) {
        learningRate = OptionalDouble.of(v);
        return self();
    }

    /**
     * Sets a wall-time budget (default none).
     *
     * @param v the budget
     * @return this builder
     */
    public B optBudget(Duration v) {
        budget = v;
        return self();
    }

    /**
     * Sets the loader threads (default the loader's).
     *
     * @param v threads
     * @return this builder
     */
    public B optWorkers(int v) {
        workers = v;
        return self();
    }

    /**
     * Sets the seed (default 0).
     *
     * @param v the seed
     * @return this builder
     */
    public B optSeed(long v) {
        seed = v;
        return self();
    }

    /**
     * Sets the checkpoint interval (default 500).
     *
     * @param v steps
     * @return this builder
     */
    public B optCheckpointEvery(long v) {
        checkpointEvery = v;
        return self();
    }

    /**
     * Validates the shared values of built settings.
     *
     * @throws IllegalArgumentException naming the first bad value
     */
    static void checkShared(
            long steps,
            long warmupSteps,
            OptionalDouble learningRate,
            int workers,
            long checkpointEvery,
            Duration budget) {
        check(steps > 0, "steps must be positive, got " + steps);
        check(warmupSteps >= -1, "warm-up steps must be >= 0, got " + warmupSteps);
        check(
                learningRate.isEmpty() || learningRate.getAsDouble() > 0,
                "learning rate must be positive, got " + learningRate.orElse(0));
        check(workers >= 0, "workers must be >= 0, got " + workers);
        check(checkpointEvery >= 0, "checkpoint interval must be >= 0, got " + checkpointEvery);
        check(budget == null || (!budget.isNegative() && !budget.isZero()), "time budget must be positive");
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
