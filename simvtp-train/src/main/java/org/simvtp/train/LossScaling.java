package org.simvtp.train;

import org.simvtp.train.optim.DynamicLossScaler;

/**
 * Settings of dynamic loss scaling for {@link Precision#FP16} training (immutable).
 *
 * <p>Defaults are those of the reference fine-tuning's DeepSpeed configuration (spec §7): initial scale 2^7,
 * doubled after every 128 consecutive finite steps, halved on each overflow, never below 1. (PyTorch's
 * {@code GradScaler} would start at 2^16 with a window of 2000.) An overflow skips the step; it only counts as
 * a non-finite step towards {@link TrainerConfig#maxConsecutiveNonFinite()} once the scale is at its minimum.
 *
 * <pre>{@code
 * LossScaling scaling = LossScaling.builder().optInitialScale(65536).optGrowthInterval(2000).build();
 * Trainer.builder(task).optPrecision(Precision.FP16).optLossScaling(scaling).build();
 * }</pre>
 */
public final class LossScaling {

    private final double initialScale;
    private final int growthInterval;
    private final double minScale;
    private final int hysteresis;

    private LossScaling(Builder b) {
        initialScale = b.initialScale;
        growthInterval = b.growthInterval;
        minScale = b.minScale;
        hysteresis = b.hysteresis;
    }

    /** The reference settings: 2^7, window 128, minimum 1, hysteresis 1. */
    public static LossScaling reference() {
        return builder().build();
    }

    /** A builder starting from the reference settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The loss scale of the first step. */
    public double initialScale() {
        return initialScale;
    }

    /** Consecutive finite steps after which the scale doubles. */
    public int growthInterval() {
        return growthInterval;
    }

    /** The scale never goes below this. */
    public double minScale() {
        return minScale;
    }

    /** Overflows tolerated after a growth before the scale is halved (1 = halve on every overflow). */
    public int hysteresis() {
        return hysteresis;
    }

    /** A fresh scaler with these settings. */
    public DynamicLossScaler newScaler() {
        return DynamicLossScaler.builder()
                .optInitialScale(initialScale)
                .optGrowthInterval(growthInterval)
                .optMinScale(minScale)
                .optHysteresis(hysteresis)
                .build();
    }

    @Override
    public String toString() {
        return "LossScaling{initialScale=" + initialScale + ", growthInterval=" + growthInterval + ", minScale="
                + minScale + ", hysteresis=" + hysteresis + "}";
    }

    /** Builder of {@link LossScaling}. */
    public static final class Builder {
        private double initialScale = 128;
        private int growthInterval = 128;
        private double minScale = 1;
        private int hysteresis = 1;

        private Builder() {}

        /** Initial scale; default 2^7. */
        public Builder optInitialScale(double initialScale) {
            this.initialScale = initialScale;
            return this;
        }

        /** Consecutive finite steps before the scale doubles; default 128. */
        public Builder optGrowthInterval(int growthInterval) {
            this.growthInterval = growthInterval;
            return this;
        }

        /** Lowest scale; default 1. */
        public Builder optMinScale(double minScale) {
            this.minScale = minScale;
            return this;
        }

        /** Overflows tolerated after a growth before halving; default 1 (DeepSpeed's own default is 2). */
        public Builder optHysteresis(int hysteresis) {
            this.hysteresis = hysteresis;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException when a value is out of range
         */
        public LossScaling build() {
            LossScaling s = new LossScaling(this);
            s.newScaler(); // the scaler's own validation, with its messages
            return s;
        }
    }
}
