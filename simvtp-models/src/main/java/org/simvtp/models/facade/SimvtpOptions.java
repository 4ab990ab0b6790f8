package org.simvtp.models.facade;

import java.util.Objects;
import org.simvtp.models.DualEncoder;

/**
 * Immutable inference options of a {@link Simvtp} instance: how many test views a video file is embedded from,
 * how captions are pooled, whether embeddings are L2-normalised, and how many clips go through the model at once.
 *
 * <p>Defaults: 1 segment × 1 centre crop (fast), reference pooling over all positions including padding (spec
 * §11 item 8), L2-normalised output, batches of at most 4 clips. {@link #reference()} gives the reference
 * evaluation views (3 segments × 3 crops, spec §8) with the un-normalised view average.
 *
 * <pre>{@code
 * SimvtpOptions fast = SimvtpOptions.defaults();
 * SimvtpOptions eval = SimvtpOptions.reference();
 * SimvtpOptions mine = SimvtpOptions.builder().optPooling(DualEncoder.Pooling.MASK_AWARE).build();
 * }</pre>
 */
public final class SimvtpOptions {

    private final int segments;
    private final int crops;
    private final DualEncoder.Pooling pooling;
    private final boolean normalize;
    private final int maxBatch;

    private SimvtpOptions(Builder b) {
        segments = b.segments;
        crops = b.crops;
        pooling = b.pooling;
        normalize = b.normalize;
        maxBatch = b.maxBatch;
    }

    /**
     * The defaults: 1 × 1 view, reference pooling, L2-normalised, batches of 4.
     *
     * @return the options
     */
    public static SimvtpOptions defaults() {
        return builder().build();
    }

    /**
     * The reference evaluation: 3 segments × 3 crops averaged, reference pooling, not normalised.
     *
     * @return the options
     */
    public static SimvtpOptions reference() {
        return builder().optViews(3, 3).optNormalize(false).build();
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
     * A builder initialised with these options.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder()
                .optViews(segments, crops)
                .optPooling(pooling)
                .optNormalize(normalize)
                .optMaxBatch(maxBatch);
    }

    /**
     * Temporal views S per video file.
     *
     * @return S
     */
    public int segments() {
        return segments;
    }

    /**
     * Spatial views C per temporal view.
     *
     * @return C
     */
    public int crops() {
        return crops;
    }

    /**
     * Text pooling.
     *
     * @return the pooling
     */
    public DualEncoder.Pooling pooling() {
        return pooling;
    }

    /**
     * Whether returned embeddings are L2-normalised (after averaging the views).
     *
     * @return true when normalised
     */
    public boolean normalize() {
        return normalize;
    }

    /**
     * Largest number of clips or captions run through the model in one call.
     *
     * @return the batch limit
     */
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimvtpOptions && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "SimvtpOptions{segments=" + segments + ", crops=" + crops + ", pooling=" + pooling + ", normalize="
                + normalize + ", maxBatch=" + maxBatch + "}";
    }

    /** Builder of {@link SimvtpOptions}. */
    public static final class Builder {
        private int segments = 1;
        private int crops = 1;
        private DualEncoder.Pooling pooling = DualEncoder.Pooling.ALL_POSITIONS;
        private boolean normalize = true;
        private int maxBatch = 4;

        private Builder() {}

        /**
         * Sets the test views per video file (default 1 × 1; the reference evaluates 3 × 3).
         *
         * @param segmentCount temporal views S, at least 1
         * @param cropCount spatial views C, at least 1
         * @return this builder
         */
        public Builder optViews(int segmentCount, int cropCount) {
            segments = segmentCount;
            crops = cropCount;
            return this;
        }

        /**
         * Sets the text pooling (default {@link DualEncoder.Pooling#ALL_POSITIONS}, the reference).
         *
         * @param value the pooling
         * @return this builder
         */
        public Builder optPooling(DualEncoder.Pooling value) {
            pooling = Objects.requireNonNull(value, "pooling");
            return this;
        }

        /**
         * Sets whether embeddings are L2-normalised (default true).
         *
         * @param value true to normalise
         * @return this builder
         */
        public Builder optNormalize(boolean value) {
            normalize = value;
            return this;
        }

        /**
         * Sets the largest batch run through the model at once (default 4).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder optMaxBatch(int value) {
            maxBatch = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the options
         * @throws IllegalArgumentException naming the first invalid value
         */
        public SimvtpOptions build() {
            if (segments < 1 || crops < 1) {
                throw new IllegalArgumentException("views must be at least 1 × 1, got " + segments + " × " + crops);
            }
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
            }
            return new SimvtpOptions(this);
        }
    }
}
