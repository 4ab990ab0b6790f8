package org.simvtp.train.optim;

import ai.djl.ndarray.NDArray;
import java.util.Collection;

/**
 * Dynamic loss scaling for fp16 training, with the semantics of DeepSpeed's {@code DynamicLossScaler}
 * used by SimVTP fine-tuning (initial scale 2^7, window 128, simvtp-spec.md §7).
 *
 * <p>The loss is multiplied by the scale before backward. After backward the gradients are checked:
 * if any is inf/NaN the step is skipped and the scale is divided by the backoff factor (2), not below
 * the minimum; otherwise the gradients are divided by the scale, the step is taken, and after every
 * window of consecutive finite steps the scale is multiplied by the growth factor (2). With hysteresis
 * {@code h > 1}, the first {@code h - 1} overflows after a growth only skip the step (DeepSpeed's
 * {@code delayed_shift}); the default 1 halves on every overflow. Pre-training runs in fp32 and needs no
 * scaler.
 *
 * <pre>{@code
 * DynamicLossScaler scaler = DynamicLossScaler.builder().optInitialScale(128).build();
 * gc.backward(loss.mul(scaler.scale()));
 * if (scaler.unscaleAndUpdate(grads)) {
 *     optimizer.update(lr, wd);
 * } else {
 *     optimizer.zeroGrad();
 * }
 * }</pre>
 */
public final class DynamicLossScaler {

    /**
     * The saveable state of a scaler.
     *
     * @param scale the current loss scale
     * @param goodSteps consecutive finite steps since the last growth or overflow
     * @param hysteresisLeft overflows still tolerated before the next backoff
     * @param skippedSteps total number of skipped steps
     */
    public record State(double scale, long goodSteps, int hysteresisLeft, long skippedSteps) {}

    private final double growthFactor;
    private final double backoffFactor;
    private final int growthInterval;
    private final double minScale;
    private final int hysteresis;
    private double scale;
    private long goodSteps;
    private int hysteresisLeft;
    private long skippedSteps;

    private DynamicLossScaler(Builder b) {
        this.growthFactor = b.growthFactor;
        this.backoffFactor = b.backoffFactor;
        this.growthInterval = b.growthInterval;
        this.minScale = b.minScale;
        this.hysteresis = b.hysteresis;
        this.scale = b.initialScale;
        this.hysteresisLeft = b.hysteresis;
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with initial scale 2^7, window 128, factors 2 / 0.5, minimum 1, hysteresis 1
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the current loss scale.
     *
     * @return the factor to multiply the loss with
     */
    public double scale() {
        return scale;
    }

    /**
     * Tells whether any gradient holds an infinite or NaN value.
     *
     * @param gradients the gradients
     * @return {@code true} on overflow
     */
    public static boolean hasNonFinite(Collection<NDArray> gradients) {
        for (NDArray g : gradients) {
            try (NDArray inf = g.isInfinite();
                    NDArray nan = g.isNaN();
                    NDArray bad = inf.logicalOr(nan);
                    NDArray any = bad.any()) {
                if (any.getBoolean()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Divides the gradients in place by the current scale.
     *
     * @param gradients the gradients
     */
    public void unscale(Collection<NDArray> gradients) {
        for (NDArray g : gradients) {
            g.divi((float) scale);
        }
    }

    /**
     * Records the outcome of a step and adapts the scale.
     *
     * @param overflow whether the gradients overflowed
     * @return {@code true} if the optimizer step should be taken
     */
    public boolean update(boolean overflow) {
        if (overflow) {
            if (hysteresisLeft <= 1) {
                scale = Math.max(scale * backoffFactor, minScale);
            } else {
                hysteresisLeft--;
            }
            goodSteps = 0;
            skippedSteps++;
            return false;
        }
        goodSteps++;
        if (goodSteps == growthInterval) {
            scale *= growthFactor;
            goodSteps = 0;
            hysteresisLeft = hysteresis;
        }
        return true;
    }

    /**
     * Checks the gradients, unscales them if finite, and adapts the scale.
     *
     * @param gradients the gradients of the scaled loss, unscaled in place when finite
     * @return {@code true} if the optimizer step should be taken; otherwise zero the gradients
     */
    public boolean unscaleAndUpdate(Collection<NDArray> gradients) {
        boolean overflow = hasNonFinite(gradients);
        if (!overflow) {
            unscale(gradients);
        }
        return update(overflow);
    }

    /**
     * Returns the state to save in a checkpoint.
     *
     * @return the current state
     */
    public State state() {
        return new State(scale, goodSteps, hysteresisLeft, skippedSteps);
    }

    /**
     * Restores a saved state.
     *
     * @param state a state from {@link #state()}
     */
    public void restore(State state) {
        if (!(state.scale() > 0) || state.goodSteps() < 0 || state.hysteresisLeft() < 1) {
            throw new IllegalArgumentException("invalid loss-scaler state " + state);
        }
        this.scale = state.scale();
        this.goodSteps = state.goodSteps();
        this.hysteresisLeft = state.hysteresisLeft();
        this.skippedSteps = state.skippedSteps();
    }

    /** Builder for {@link DynamicLossScaler}. */
    public static final class Builder {
        private double initialScale = 128;
        private double growthFactor = 2;
        private double backoffFactor = 0.5;
        private int growthInterval = 128;
        private double minScale = 1;
        private int hysteresis = 1;

        private Builder() {}

        /**
         * Sets the initial scale; default 2^7 (DeepSpeed fine-tuning), torch's GradScaler uses 2^16.
         *
         * @param scale a positive value
         * @return this builder
         */
        public Builder optInitialScale(double scale) {
            this.initialScale = scale;
            return this;
        }

        /**
         * Sets the number of consecutive finite steps before the scale grows; default 128.
         *
         * @param steps at least 1
         * @return this builder
         */
        public Builder optGrowthInterval(int steps) {
            this.growthInterval = steps;
            return this;
        }

        /**
         * Sets the growth factor; default 2.
         *
         * @param factor greater than 1
         * @return this builder
         */
        public Builder optGrowthFactor(double factor) {
            this.growthFactor = factor;
            return this;
        }

        /**
         * Sets the backoff factor applied on overflow; default 0.5.
         *
         * @param factor in (0, 1)
         * @return this builder
         */
        public Builder optBackoffFactor(double factor) {
            this.backoffFactor = factor;
            return this;
        }

        /**
         * Sets the minimum scale; default 1.
         *
         * @param scale a positive value not above the initial scale
         * @return this builder
         */
        public Builder optMinScale(double scale) {
            this.minScale = scale;
            return this;
        }

        /**
         * Sets the hysteresis (overflows tolerated before backing off); default 1 = back off every time.
         *
         * @param hysteresis at least 1 (DeepSpeed's own default is 2)
         * @return this builder
         */
        public Builder optHysteresis(int hysteresis) {
            this.hysteresis = hysteresis;
            return this;
        }

        /**
         * Builds the scaler.
         *
         * @return a new scaler
         * @throws IllegalArgumentException if a value is out of range
         */
        public DynamicLossScaler build() {
            if (!(minScale > 0) || !(initialScale >= minScale) || !Double.isFinite(initialScale)) {
                throw new IllegalArgumentException(
                        "need 0 < minScale <= initialScale < inf, got " + minScale + ", " + initialScale);
            }
            if (!(growthFactor > 1) || !(backoffFactor > 0 && backoffFactor < 1)) {
                throw new IllegalArgumentException(
                        "need growth > 1 and 0 < backoff < 1, got " + growthFactor + ", " + backoffFactor);
            }
            if (growthInterval < 1 || hysteresis < 1) {
                throw new IllegalArgumentException(
                        "growth interval and hysteresis must be >= 1, got " + growthInterval + ", " + hysteresis);
            }
            return new DynamicLossScaler(this);
        }
    }
}
