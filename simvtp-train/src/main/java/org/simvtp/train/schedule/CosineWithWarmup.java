package org.simvtp.train.schedule;

/**
 * Per-iteration cosine schedule with linear warm-up, matching the {@code cosine_scheduler} of
 * timm/BEiT/VideoMAE used by SimVTP (simvtp-spec.md §6, §7).
 *
 * <p>With {@code N = epochs * itersPerEpoch} iterations and {@code W} warm-up iterations the schedule
 * is the concatenation of
 *
 * <ul>
 *   <li>{@code linspace(start, base, W)}: {@code W} evenly spaced values that include <em>both</em>
 *       ends, so iteration {@code W-1} already has the base value (numpy semantics: value {@code i} is
 *       {@code start + i * ((base - start) / (W - 1))}, the last one exactly {@code base}; for
 *       {@code W = 1} the single value is {@code start});
 *   <li>for {@code i = 0 .. N-W-1}: {@code final + 0.5 * (base - final) * (1 + cos(pi * i / (N - W)))},
 *       which starts at {@code base} and never quite reaches {@code final}.
 * </ul>
 *
 * <p>The warm-up starts from {@code 0} by default, as the reference does (its computed
 * {@code warmup_lr} is never passed to the scheduler, simvtp-spec.md §11 item 9); pass the scaled
 * warm-up lr to {@link Builder#optWarmupStartValue(double)} to get the documented behaviour instead.
 * The reference crashes when only {@code warmup_steps} is given with zero warm-up epochs; here
 * {@link Builder#optWarmupSteps(long)} simply overrides the epoch-derived count.
 *
 * <pre>{@code
 * Schedule lr = CosineWithWarmup.builder()
 *         .setBaseValue(6e-4).optFinalValue(4e-5)
 *         .setEpochs(200).setItersPerEpoch(2441).optWarmupEpochs(40)
 *         .build();
 * double atStep = lr.valueAt(epoch * 2441L + step);
 * }</pre>
 */
public final class CosineWithWarmup implements Schedule {

    private final double baseValue;
    private final double finalValue;
    private final double warmupStartValue;
    private final long totalIterations;
    private final long warmupIterations;

    private CosineWithWarmup(Builder builder) {
        this.baseValue = builder.baseValue;
        this.finalValue = builder.finalValue;
        this.warmupStartValue = builder.warmupStartValue;
        this.totalIterations = builder.epochs * builder.itersPerEpoch;
        this.warmupIterations =
                builder.warmupSteps > 0 ? builder.warmupSteps : builder.warmupEpochs * builder.itersPerEpoch;
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with start value 0, final value 0 and no warm-up
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public double valueAt(long iteration) {
        if (iteration < 0 || iteration >= totalIterations) {
            throw new IllegalArgumentException(
                    "iteration " + iteration + " is outside the schedule of " + totalIterations + " iterations");
        }
        if (iteration < warmupIterations) {
            return linspace(warmupStartValue, baseValue, warmupIterations, iteration);
        }
        long i = iteration - warmupIterations;
        long len = totalIterations - warmupIterations;
        return finalValue + 0.5 * (baseValue - finalValue) * (1 + Math.cos(Math.PI * i / len));
    }

    /**
     * Returns the whole schedule as an array, like the reference's {@code lr_schedule_values}.
     *
     * @return one value per iteration, length {@link #totalIterations()}
     */
    public double[] toArray() {
        double[] values = new double[Math.toIntExact(totalIterations)];
        for (int i = 0; i < values.length; i++) {
            values[i] = valueAt(i);
        }
        return values;
    }

    /**
     * Returns the schedule length.
     *
     * @return {@code epochs * itersPerEpoch}
     */
    public long totalIterations() {
        return totalIterations;
    }

    /**
     * Returns the number of warm-up iterations.
     *
     * @return the warm-up steps if given, else {@code warmupEpochs * itersPerEpoch}
     */
    public long warmupIterations() {
        return warmupIterations;
    }

    /** numpy.linspace(start, stop, num, endpoint=True)[index], including its exact rounding. */
    static double linspace(double start, double stop, long num, long index) {
        if (num == 1) {
            return start;
        }
        if (index == num - 1) {
            return stop;
        }
        long div = num - 1;
        double delta = stop - start;
        double step = delta / div;
        if (step == 0) {
            return ((double) index / div) * delta + start;
        }
        return index * step + start;
    }

    @Override
    public String toString() {
        return "CosineWithWarmup[base=" + baseValue + ", final=" + finalValue + ", warmupStart=" + warmupStartValue
                + ", total=" + totalIterations + ", warmup=" + warmupIterations + "]";
    }

    /** Builder for {@link CosineWithWarmup}; {@code setX} values are required, {@code optX} have defaults. */
    public static final class Builder {
        private double baseValue = Double.NaN;
        private double finalValue;
        private double warmupStartValue;
        private long epochs = -1;
        private long itersPerEpoch = -1;
        private long warmupEpochs;
        private long warmupSteps = -1;

        private Builder() {}

        /**
         * Sets the value reached at the end of warm-up (the peak).
         *
         * @param value the base value, e.g. the batch-scaled lr
         * @return this builder
         */
        public Builder setBaseValue(double value) {
            this.baseValue = value;
            return this;
        }

        /**
         * Sets the cosine floor ({@code min_lr}); default 0.
         *
         * @param value the final value
         * @return this builder
         */
        public Builder optFinalValue(double value) {
            this.finalValue = value;
            return this;
        }

        /**
         * Sets the first warm-up value; default 0 (the reference behaviour).
         *
         * @param value the warm-up start value
         * @return this builder
         */
        public Builder optWarmupStartValue(double value) {
            this.warmupStartValue = value;
            return this;
        }

        /**
         * Sets the number of epochs.
         *
         * @param epochs at least 1
         * @return this builder
         */
        public Builder setEpochs(long epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the iterations (optimizer steps) per epoch.
         *
         * @param iters at least 1
         * @return this builder
         */
        public Builder setItersPerEpoch(long iters) {
            this.itersPerEpoch = iters;
            return this;
        }

        /**
         * Sets the warm-up length in epochs; default 0.
         *
         * @param epochs warm-up epochs, at least 0
         * @return this builder
         */
        public Builder optWarmupEpochs(long epochs) {
            this.warmupEpochs = epochs;
            return this;
        }

        /**
         * Sets the warm-up length in iterations; when positive it overrides the warm-up epochs.
         *
         * @param steps warm-up iterations, or a value {@code <= 0} to use the epochs
         * @return this builder
         */
        public Builder optWarmupSteps(long steps) {
            this.warmupSteps = steps;
            return this;
        }

        /**
         * Builds the schedule.
         *
         * @return the immutable schedule
         * @throws IllegalArgumentException if a required value is missing or the warm-up is too long
         */
        public CosineWithWarmup build() {
            if (!Double.isFinite(baseValue)) {
                throw new IllegalArgumentException("base value is required and must be finite");
            }
            if (!Double.isFinite(finalValue) || !Double.isFinite(warmupStartValue)) {
                throw new IllegalArgumentException("final and warm-up start values must be finite");
            }
            if (epochs < 1 || itersPerEpoch < 1) {
                throw new IllegalArgumentException(
                        "epochs and itersPerEpoch are required and must be >= 1, got " + epochs + ", " + itersPerEpoch);
            }
            if (warmupEpochs < 0) {
                throw new IllegalArgumentException("warm-up epochs must be >= 0, got " + warmupEpochs);
            }
            long total = Math.multiplyExact(epochs, itersPerEpoch);
            long warmup = warmupSteps > 0 ? warmupSteps : Math.multiplyExact(warmupEpochs, itersPerEpoch);
            if (warmup > total) {
                throw new IllegalArgumentException(
                        "warm-up of " + warmup + " iterations exceeds the schedule of " + total + " iterations");
            }
            return new CosineWithWarmup(this);
        }
    }
}
