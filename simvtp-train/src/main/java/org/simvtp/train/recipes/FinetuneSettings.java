package org.simvtp.train.recipes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Immutable settings of {@link FinetuneJob}; build them with {@link #builder(Path, Path, Path, Path)}. Defaults
 * follow the reference MSR-VTT recipe ({@code TrainerConfig.referenceFinetune()}: AdamW (0.9, 0.999), lr 7.5e-5
 * — the reference's for a global batch of 64 —, cosine to 2.5e-7, 5% warm-up, drop-path 0.1) and the reference
 * evaluation views (3 segments × 3 crops).
 *
 * <pre>{@code
 * FinetuneSettings s = FinetuneSettings.builder(train, val, Path.of("pretrain.pth"), Path.of("ft"))
 *         .optSteps(2000).optEvalEvery(500).build();
 * }</pre>
 *
 * @param train training annotations
 * @param val validation annotations (evaluated at the end and every {@code evalEvery} steps)
 * @param test test annotations, or null
 * @param format the annotations' format, or null to detect it
 * @param root folder relative video paths are resolved against, or null for each annotation file's folder
 * @param init the pre-training (or two-tower) checkpoint to start from
 * @param outputDir the run folder; an existing run is resumed
 * @param steps optimizer steps the schedule spans
 * @param warmupSteps linear warm-up steps, or -1 for 5% of {@code steps}
 * @param batchSize pairs per step, at least 2
 * @param learningRate peak learning rate, or empty for the reference 7.5e-5
 * @param budget wall-time budget, or null for none
 * @param workers loader threads, or 0 for the loader's default
 * @param seed seed of data order, augmentation, drop-path
 * @param evalEvery steps between evaluations for checkpoint selection (0 = only at the end)
 * @param selectOnTest select the best checkpoint on the test file (the reference's behaviour, optimistic)
 *     instead of the validation file
 * @param segments temporal test views S
 * @param crops spatial test views C
 * @param checkpointEvery steps between checkpoints (0 = only at the end)
 */
public record FinetuneSettings(
        Path train,
        Path val,
        Path test,
        DataFormat format,
        Path root,
        Path init,
        Path outputDir,
        long steps,
        long warmupSteps,
        int batchSize,
        OptionalDouble learningRate,
        Duration budget,
        int workers,
        long seed,
        long evalEvery,
        boolean selectOnTest,
        int segments,
        int crops,
        long checkpointEvery) {

    /** Validates the values. */
    public FinetuneSettings {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(val, "val");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(learningRate, "learningRate");
        RunSettingsBuilder.checkShared(steps, warmupSteps, learningRate, workers, checkpointEvery, budget);
        RunSettingsBuilder.check(
                batchSize >= 2,
                "batch size must be at least 2 (the contrastive loss compares "
                        + "each pair with the rest of the batch), got " + batchSize);
        RunSettingsBuilder.check(evalEvery >= 0, "evaluation interval must be >= 0, got " + evalEvery);
        RunSettingsBuilder.check(!selectOnTest || test != null, "selecting on the test split needs a test file");
        RunSettingsBuilder.check(
                segments > 1 && crops > 1,
                "test views need more than 1 segment and crop, got " + segments + " x " + crops);
    }

    /**
     *  A builder with the defaults: 1000 steps, 5% warm-up, batch 8, lr 7.5e-5, evaluation at the end, selection on the validation file, 3 × 3 views, checkpoints every 500 steps.
     *
     * @param train training annotations @param val validation annotations @param init the checkpoint to start from @param outputDir the run folder
     * @return the builder
     */
    public static Builder builder(Path train, Path val, Path init, Path outputDir) {
        return new Builder(train, val, init, outputDir);
    }

    /** Warm-up steps after the default is applied. */
    long effectiveWarmup() {
        return warmupSteps < 0 ? steps / 20 : Math.min(warmupSteps, steps);
    }

    /** Builder of {@link FinetuneSettings}; the shared run options come from {@link RunSettingsBuilder}. */
    public static final class Builder extends RunSettingsBuilder<Builder> {
        private final Path train;
        private final Path val;
        private final Path init;
        private final Path outputDir;
        private Path test;
        private long evalEvery;
        private boolean selectOnTest;
        private int segments = EvaluateJob.REFERENCE_SEGMENTS;
        private int crops = EvaluateJob.REFERENCE_CROPS;

        private Builder(Path train, Path val, Path init, Path outputDir) {
            super(8);
            this.train = train;
            this.val = val;
            this.init = init;
            this.outputDir = outputDir;
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets a test file.
         *
         * @param v the file
         * @return this builder
         */
        public Builder optTest(Path v) {
            test = v;
            return this;
        }

        /**
         * Sets the evaluation interval (default 0: only at the end).
         *
         * @param v steps
         * @return this builder
         */
        public Builder optEvalEvery(long v) {
            evalEvery = v;
            return this;
        }

        /**
         * Selects on the test file instead of the validation file.
         *
         * @param v true for test
         * @return this
         */
        public Builder optSelectOnTest(boolean v) {
            selectOnTest = v;
            return this;
        }

        /**
         * Sets the test views (default 3 × 3).
         *
         * @param s segments @param c crops
         * @return this builder
         */
        public Builder optViews(int s, int c) {
            segments = s;
            crops = c;
            return this;
        }

        /** Validates and builds. @return the settings */
        public FinetuneSettings build() {
            return new FinetuneSettings(
                    train,
                    val,
                    test,
                    format,
                    root,
                    init,
                    outputDir,
                    steps,
                    warmupSteps,
                    batchSize,
                    learningRate,
                    budget,
                    workers,
                    seed,
                    evalEvery,
                    selectOnTest,
                    segments,
                    crops,
                    checkpointEvery);
        }
    }
}
