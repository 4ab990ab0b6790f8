package org.simvtp.train.schedule;

/**
 * A value (learning rate, weight decay, ...) as a function of the global training iteration.
 *
 * <p>The iteration is the trainer's global iteration counter {@code epoch * itersPerEpoch + step},
 * as in the reference training loop; it is not the optimizer's update count (the two differ when
 * a step is skipped on fp16 overflow).
 *
 * <pre>{@code
 * Schedule wd = new ConstantSchedule(0.05);
 * double value = wd.valueAt(1234);   // 0.05
 * }</pre>
 */
@FunctionalInterface
public interface Schedule {

    /**
     * Returns the value at an iteration.
     *
     * @param iteration the zero-based global iteration
     * @return the scheduled value
     * @throws IllegalArgumentException if the iteration is outside the schedule
     */
    double valueAt(long iteration);
}
