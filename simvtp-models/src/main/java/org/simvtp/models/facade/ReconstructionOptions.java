package org.simvtp.models.facade;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Immutable options of {@link Simvtp#reconstruct}: the seed of the tube mask and the caption mask, optional mask
 * ratios (default: the model configuration's, 0.9 and 0.75 for the reference), how masked patches are shown, and
 * how {@link Reconstruction#toImage()} draws the grid: by default each frame is enlarged (nearest neighbour) to at
 * least {@value #MIN_FRAME_PIXELS} pixels and the rows are labelled in a left margin; {@link Builder#optNativeSize()}
 * keeps one pixel per model pixel and no labels.
 *
 * <pre>{@code
 * ReconstructionOptions o = ReconstructionOptions.builder().optSeed(7).optDisplay(Display.NORMALISED_PREDICTION)
 *         .build();
 * ReconstructionOptions raw = ReconstructionOptions.builder().optNativeSize().build();   // T*W x 3*H pixels
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

    /** The smallest frame side, in pixels, of the default (automatically scaled) image. */
    public static final int MIN_FRAME_PIXELS = 192;

    private final long seed;
    private final OptionalDouble videoMaskRatio;
    private final OptionalDouble textMaskRatio;
    private final Display display;
    private final int scale;
    private final boolean labels;

    private ReconstructionOptions(Builder b) {
        seed = b.seed;
        videoMaskRatio = b.videoMaskRatio;
        textMaskRatio = b.textMaskRatio;
        display = b.display;
        scale = b.scale;
        labels = b.labels;
    }

    /**
     * Seed 0, the configuration's mask ratios, {@link Display#GROUND_TRUTH_STATISTICS}, an automatically scaled
     * image with row labels.
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
     * Video mask ratio, or empty for the model configuration's.
     *
     * @return the ratio, if set
     */
    public OptionalDouble videoMaskRatio() {
        return videoMaskRatio;
    }

    /**
     * Caption masking probability, or empty for the model configuration's.
     *
     * @return the probability, if set
     */
    public OptionalDouble textMaskRatio() {
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

    /**
     * The enlargement factor of the image, or 0 for automatic (see {@link #scaleFor(int)}).
     *
     * @return the factor, 0 or at least 1
     */
    public int scale() {
        return scale;
    }

    /**
     * Whether the image has a left margin naming its rows (original, visible, reconstruction).
     *
     * @return whether rows are labelled
     */
    public boolean labels() {
        return labels;
    }

    /**
     * The enlargement factor for frames of the given size: the set {@link #scale()}, or when automatic the
     * smallest integer that makes the frame at least {@value #MIN_FRAME_PIXELS} pixels (1 for larger frames).
     *
     * @param frameSize the smaller side of a frame, in pixels
     * @return the factor, at least 1
     */
    public int scaleFor(int frameSize) {
        if (scale > 0) {
            return scale;
        }
        return Math.max(1, (MIN_FRAME_PIXELS + frameSize - 1) / Math.max(1, frameSize));
    }

    @Override
    public String toString() {
        return "ReconstructionOptions{seed=" + seed + ", videoMaskRatio=" + ratio(videoMaskRatio)
                + ", textMaskRatio=" + ratio(textMaskRatio) + ", display=" + display + ", scale="
                + (scale == 0 ? "auto" : scale) + ", labels=" + labels + "}";
    }

    private static String ratio(OptionalDouble r) {
        return r.isPresent() ? Double.toString(r.getAsDouble()) : "config";
    }

    /** Builder of {@link ReconstructionOptions}. */
    public static final class Builder {
        private long seed;
        private OptionalDouble videoMaskRatio = OptionalDouble.empty();
        private OptionalDouble textMaskRatio = OptionalDouble.empty();
        private Display display = Display.GROUND_TRUTH_STATISTICS;
        private int scale;
        private boolean labels = true;

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
            videoMaskRatio = OptionalDouble.of(value);
            return this;
        }

        /**
         * Sets the caption masking probability (default: the configuration's).
         *
         * @param value in {@code [0, 1]}
         * @return this builder
         */
        public Builder optTextMaskRatio(double value) {
            textMaskRatio = OptionalDouble.of(value);
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
         * Sets the enlargement factor of the image (default 0: automatic, frames of at least
         * {@value ReconstructionOptions#MIN_FRAME_PIXELS} pixels); each model pixel becomes a square of
         * {@code value × value} image pixels (nearest neighbour).
         *
         * @param value 0 for automatic, or at least 1
         * @return this builder
         */
        public Builder optScale(int value) {
            scale = value;
            return this;
        }

        /**
         * Sets whether a left margin names the rows (default true).
         *
         * @param value whether to label the rows
         * @return this builder
         */
        public Builder optLabels(boolean value) {
            labels = value;
            return this;
        }

        /**
         * Native size: one image pixel per model pixel and no labels, a {@code T·W × 3·H} grid (scale 1, labels
         * off).
         *
         * @return this builder
         */
        public Builder optNativeSize() {
            scale = 1;
            labels = false;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the options
         * @throws IllegalArgumentException if a ratio or the scale is outside its range
         */
        public ReconstructionOptions build() {
            double video = videoMaskRatio.orElse(0);
            if (!(video >= 0 && video < 1)) {
                throw new IllegalArgumentException("videoMaskRatio must be in [0, 1), got " + video);
            }
            double text = textMaskRatio.orElse(0);
            if (!(text >= 0 && text <= 1)) {
                throw new IllegalArgumentException("textMaskRatio must be in [0, 1], got " + text);
            }
            if (scale < 0 || scale > 64) {
                throw new IllegalArgumentException("scale must be 0 (automatic) or in [1, 64], got " + scale);
            }
            return new ReconstructionOptions(this);
        }
    }
}
