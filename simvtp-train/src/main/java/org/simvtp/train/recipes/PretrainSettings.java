package org.simvtp.train.recipes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Immutable settings of {@link PretrainJob}; build them with {@link #builder(Path, Path)}.
 *
 * <pre>{@code
 * PretrainSettings s = PretrainSettings.builder(Path.of("annotations.json"), Path.of("run"))
 *         .optPreset(Preset.TINY).optSteps(300).optBatchSize(8).build();
 * }</pre>
 *
 * @param annotations annotation file or caption folder
 * @param format its format, or null to detect it
 * @param root folder relative video paths are resolved against, or null for the annotation file's folder
 * @param outputDir the run folder (checkpoints, metrics, plot, final weights); an existing run is resumed
 * @param preset model size, or null: the run folder's saved configuration, else the {@code init} checkpoint's,
 *     else {@link Preset#BASE}
 * @param videoMaskRatio tube-mask ratio, or empty for the configuration's (reference 0.9)
 * @param textMaskRatio caption mask ratio, or empty for the configuration's (reference 0.75)
 * @param steps optimizer steps the schedule spans
 * @param warmupSteps linear warm-up steps, or -1 for a tenth of {@code steps}
 * @param batchSize clips per step and process, at least 2
 * @param learningRate peak learning rate, or empty for the reference scaling 1.5e-4 · global batch / 256
 * @param budget wall-time budget, or null for none
 * @param workers loader threads, or 0 for the loader's default
 * @param init a pre-training checkpoint to start from, or null for a random initialisation
 * @param seed seed of data order, augmentation, masks and initialisation
 * @param distributed whether to join a multi-process run configured by the environment (docs/distributed.md)
 * @param composition how the model is composed: objectives, weights, negatives, text head, video masking and
 *     execution mode ({@link ModelComposition#reference()} by default; its efficient mode has the same losses
 *     without dropout, 26 % fewer matmul FLOPs, about half the step time)
 * @param checkpointEvery steps between checkpoints (0 = only at the end)
 */
public record PretrainSettings(
        Path annotations,
        DataFormat format,
        Path root,
        Path outputDir,
        Preset preset,
        OptionalDouble videoMaskRatio,
        OptionalDouble textMaskRatio,
        long steps,
        long warmupSteps,
        int batchSize,
        OptionalDouble learningRate,
        Duration budget,
        int workers,
        Path init,
        long seed,
        boolean distributed,
        long checkpointEvery,
        ModelComposition composition) {

    /** Reference base learning rate for a global batch of 256. */
    public static final double REFERENCE_LR = 1.5e-4;
    /** Reference minimum learning rate for a global batch of 256. */
    public static final double REFERENCE_MIN_LR = 1e-5;

    /** Validates the values. */
    public PretrainSettings {
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(composition, "composition");
        Objects.requireNonNull(videoMaskRatio, "videoMaskRatio");
        Objects.requireNonNull(textMaskRatio, "textMaskRatio");
        Objects.requireNonNull(learningRate, "learningRate");
        RunSettingsBuilder.checkShared(steps, warmupSteps, learningRate, workers, checkpointEvery, budget);
        RunSettingsBuilder.check(
                batchSize >= 2,
                "batch size must be at least 2 (video-text matching draws its " + "negatives within the batch), got "
                        + batchSize);
    }

    /**
     *  A builder with the defaults: detected format, 1000 steps, 10% warm-up, batch 16, reference lr scaling, no time budget, seed 0, checkpoints every 500 steps.
     *
     * @param annotations annotation file or caption folder @param outputDir the run folder
     * @return the builder
     */
    public static Builder builder(Path annotations, Path outputDir) {
        return new Builder(annotations, outputDir);
    }

    /** Warm-up steps after the default is applied. */
    long effectiveWarmup() {
        return warmupSteps < 0 ? steps / 10 : Math.min(warmupSteps, steps);
    }

    /** Builder of {@link PretrainSettings}; the shared run options come from {@link RunSettingsBuilder}. */
    public static final class Builder extends RunSettingsBuilder<Builder> {
        private final Path annotations;
        private final Path outputDir;
        private Preset preset;
        private OptionalDouble videoMaskRatio = OptionalDouble.empty();
        private OptionalDouble textMaskRatio = OptionalDouble.empty();
        private Path init;
        private boolean distributed;
        private ModelComposition composition = ModelComposition.reference();

        private Builder(Path annotations, Path outputDir) {
            super(16);
            this.annotations = annotations;
            this.outputDir = outputDir;
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the model size.
         *
         * @param v the preset
         * @return this builder
         */
        public Builder optPreset(Preset v) {
            preset = v;
            return this;
        }

        /**
         * Sets the tube-mask ratio (default the configuration's).
         *
         * @param v ratio in [0, 1)
         * @return this builder
         */
        public Builder optVideoMaskRatio(double v) {
            videoMaskRatio = OptionalDouble.of(v);
            return this;
        }

        /**
         * Sets the caption mask ratio (default the configuration's).
         *
         * @param v ratio
         * @return this builder
         */
        public Builder optTextMaskRatio(double v) {
            textMaskRatio = OptionalDouble.of(v);
            return this;
        }

        /**
         * Sets a checkpoint to start from.
         *
         * @param v the checkpoint
         * @return this builder
         */
        public Builder optInit(Path v) {
            init = v;
            return this;
        }

        /**
         * Joins a multi-process run (default false).
         *
         * @param v true to join
         * @return this builder
         */
        public Builder optDistributed(boolean v) {
            distributed = v;
            return this;
        }

        /**
         *  How the model is composed (default {@link ModelComposition#reference()}).
         *
         * @param v the composition
         * @return this builder
         */
        public Builder optComposition(ModelComposition v) {
            composition = v;
            return this;
        }

        /** Validates and builds. @return the settings */
        public PretrainSettings build() {
            return new PretrainSettings(
                    annotations,
                    format,
                    root,
                    outputDir,
                    preset,
                    videoMaskRatio,
                    textMaskRatio,
                    steps,
                    warmupSteps,
                    batchSize,
                    learningRate,
                    budget,
                    workers,
                    init,
                    seed,
                    distributed,
                    checkpointEvery,
                    composition);
        }
    }
}
