package org.simvtp.models.facade;

import java.util.Objects;

/**
 * Immutable options of {@link Simvtp#reconstruct}: the seed of the tube mask and the caption mask, optional mask
 * ratios (default: the model configuration's, 0.9 and 0.75 for the reference), and how masked patches are shown.
 *
 * <pre>{@code
 * ReconstructionOptions o = ReconstructionOptions.builder().optSeed(7).optDisplay(Display.NORMALISED_PREDICTION)
 *         .build();
 * }</pre>
 */
public final class ReconstructionOptions {

    /** How the decoder's predictions for masked patches become pixels. */
    public enum Display {
        /**
         * The reference visualisation (spec §9): the prediction is patch-normalised, so it is mapped back with the
         * ground-truth mean and standard deviation of that patch, per channel: {@code pred · (σ + 1e−6) + μ}.
         * Shows structure the model predicted, coloured with statistics it did not see.
         */
        GROUND_TRUTH_STATISTICS,
        /**
         * The prediction alone, no ground-truth information: each patch-normalised value v is shown as
         * {@code 0.5 + 0.25 · v} (±2 standard deviations span black to white).
         */
        NORMALISED_PREDICTION
    }

    private final long seed;
    private final double videoMaskRatio;
    private final double textMaskRatio;
    private final Display display;

    private ReconstructionOptions(Builder b) {
        seed = b.seed;
        videoMaskRatio = b.videoMaskRatio;
        textMaskRatio = b.textMaskRatio;
        display = b.display;
    }

    /**
     * Seed 0, the configuration's mask ratios, {@link Display#GROUND_TRUTH_STATISTICS}.
     *
     * @return the options
     */
    public static ReconstructionOptions defaults() {
        return builder().build();
    }

    /**
     * A builder holding the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Seed of both masks.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Video mask ratio, or NaN for the model configuration's.
     *
     * @return the ratio
     */
    public double videoMaskRatio() {
        return videoMaskRatio;
    }

    /**
     * Caption masking probability, or NaN for the model configuration's.
     *
     * @return the probability
     */
    public double textMaskRatio() {
        return textMaskRatio;
    }

    /**
     * How masked patches are shown.
     *
     * @return the display
     */
    public Display display() {
        return display;
    }

    @Override
    public String toString() {
        return "ReconstructionOptions{seed=" + seed + ", videoMaskRatio=" + videoMaskRatio + ", textMaskRatio="
                + textMaskRatio + ", display=" + display + "}";
    }

    /** Builder of {@link ReconstructionOptions}. */
    public static final class Builder {
        private long seed;
        private double videoMaskRatio = Double.NaN;
        private double textMaskRatio = Double.NaN;
        private Display display = Display.GROUND_TRUTH_STATISTICS;

        private Builder() {}

        /**
         * Sets the seed (default 0); the same seed gives the same masks.
         *
         * @param value the seed
         * @return this builder
         */
        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        /**
         * Sets the tube-mask ratio (default: the configuration's).
         *
         * @param value in {@code [0, 1)}
         * @return this builder
         */
        public Builder optVideoMaskRatio(double value) {
            videoMaskRatio = value;
            return this;
        }

        /**
         * Sets the caption masking probability (default: the configuration's).
         *
         * @param value in {@code [0, 1]}
         * @return this builder
         */
        public Builder optTextMaskRatio(double value) {
            textMaskRatio = value;
            return this;
        }

        /**
         * Sets how masked patches are shown (default {@link Display#GROUND_TRUTH_STATISTICS}).
         *
         * @param value the display
         * @return this builder
         */
        public Builder optDisplay(Display value) {
            display = Objects.requireNonNull(value, "display");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the options
         * @throws IllegalArgumentException if a ratio is outside its range
         */
        public ReconstructionOptions build() {
            if (!Double.isNaN(videoMaskRatio) && !(videoMaskRatio >= 0 && videoMaskRatio < 1)) {
                throw new IllegalArgumentException("videoMaskRatio must be in [0, 1), got " + videoMaskRatio);
            }
            if (!Double.isNaN(textMaskRatio) && !(textMaskRatio >= 0 && textMaskRatio <= 1)) {
                throw new IllegalArgumentException("textMaskRatio must be in [0, 1], got " + textMaskRatio);
            }
            return new ReconstructionOptions(this);
        }
    }
}
