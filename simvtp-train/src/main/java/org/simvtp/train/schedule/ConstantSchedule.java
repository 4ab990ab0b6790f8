package org.simvtp.train.schedule;

/**
 * A schedule that returns the same value at every iteration (the reference weight-decay schedule:
 * {@code weight_decay_end} defaults to {@code weight_decay}).
 *
 * <pre>{@code
 * Schedule wd = new ConstantSchedule(0.05);
 * }</pre>
 *
 * @param value the constant value
 */
public record ConstantSchedule(double value) implements Schedule {

    /**
     * Validates the value.
     *
     * @param value the constant value; must be finite
     */
    public ConstantSchedule {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("constant schedule value must be finite, got " + value);
        }
    }

    /** {@inheritDoc} */
    @Override
    public double valueAt(long iteration) {
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0, got " + iteration);
        }
        return value;
    }
}
