package org.simvtp.data.video;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link VideoDecoder}.
 *
 * <p>Defaults: timeout 30 s per operation (open + indexing, and each {@code decode} call), strategy
 * {@link DecodeStrategy#AUTO}, 1 codec thread, maximum frame side 16384 px, seek cost 16 frames.
 *
 * <pre>{@code
 * DecoderOptions opts = DecoderOptions.builder().optTimeout(Duration.ofSeconds(5)).optThreadCount(2).build();
 * }</pre>
 */
public final class DecoderOptions {
    private static final DecoderOptions DEFAULTS = builder().build();

    private final Duration timeout;
    private final DecodeStrategy strategy;
    private final int threadCount;
    private final int maxDimension;
    private final int seekCostFrames;

    private DecoderOptions(Builder b) {
        this.timeout = b.timeout;
        this.strategy = b.strategy;
        this.threadCount = b.threadCount;
        this.maxDimension = b.maxDimension;
        this.seekCostFrames = b.seekCostFrames;
    }

    /**
     * Returns the default options.
     *
     * @return the defaults
     */
    public static DecoderOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a new builder holding the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder initialised from these options.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.timeout = timeout;
        b.strategy = strategy;
        b.threadCount = threadCount;
        b.maxDimension = maxDimension;
        b.seekCostFrames = seekCostFrames;
        return b;
    }

    /**
     * Time limit of one operation (open including indexing, or one {@code decode} call).
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The strategy used by {@link VideoDecoder#decode(int[], int, int)}.
     *
     * @return the strategy
     */
    public DecodeStrategy strategy() {
        return strategy;
    }

    /**
     * Number of codec threads (1 = single-threaded decoding, 0 = let FFmpeg choose).
     *
     * @return the thread count
     */
    public int threadCount() {
        return threadCount;
    }

    /**
     * Largest accepted frame width or height in pixels; larger streams are rejected.
     *
     * @return the maximum side
     */
    public int maxDimension() {
        return maxDimension;
    }

    /**
     * Estimated cost of one seek, in decoded frames, used by {@link DecodeStrategy#AUTO}.
     *
     * @return the seek cost
     */
    public int seekCostFrames() {
        return seekCostFrames;
    }

    @Override
    public String toString() {
        return "DecoderOptions{timeout=" + timeout + ", strategy=" + strategy + ", threadCount=" + threadCount
                + ", maxDimension=" + maxDimension + ", seekCostFrames=" + seekCostFrames + '}';
    }

    /** Builder of {@link DecoderOptions}; every option has a default. */
    public static final class Builder {
        private Duration timeout = Duration.ofSeconds(30);
        private DecodeStrategy strategy = DecodeStrategy.AUTO;
        private int threadCount = 1;
        private int maxDimension = 16384;
        private int seekCostFrames = 16;

        private Builder() {}

        /**
         * Sets the per-operation time limit.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder optTimeout(Duration value) {
            this.timeout = Objects.requireNonNull(value, "timeout");
            return this;
        }

        /**
         * Sets the decode strategy.
         *
         * @param value the strategy
         * @return this builder
         */
        public Builder optStrategy(DecodeStrategy value) {
            this.strategy = Objects.requireNonNull(value, "strategy");
            return this;
        }

        /**
         * Sets the number of codec threads (0 = automatic).
         *
         * @param value a non-negative count
         * @return this builder
         */
        public Builder optThreadCount(int value) {
            this.threadCount = value;
            return this;
        }

        /**
         * Sets the largest accepted frame side.
         *
         * @param value a positive number of pixels
         * @return this builder
         */
        public Builder optMaxDimension(int value) {
            this.maxDimension = value;
            return this;
        }

        /**
         * Sets the estimated seek cost in frames for {@link DecodeStrategy#AUTO}.
         *
         * @param value a non-negative number of frames
         * @return this builder
         */
        public Builder optSeekCostFrames(int value) {
            this.seekCostFrames = value;
            return this;
        }

        /**
         * Validates and builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException if a value is out of range
         */
        public DecoderOptions build() {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            if (threadCount < 0) {
                throw new IllegalArgumentException("threadCount must be >= 0, got " + threadCount);
            }
            if (maxDimension <= 0) {
                throw new IllegalArgumentException("maxDimension must be > 0, got " + maxDimension);
            }
            if (seekCostFrames < 0) {
                throw new IllegalArgumentException("seekCostFrames must be >= 0, got " + seekCostFrames);
            }
            return new DecoderOptions(this);
        }
    }
}
