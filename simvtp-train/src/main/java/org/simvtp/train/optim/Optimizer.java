package org.simvtp.train.optim;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * What the {@link org.simvtp.train.Trainer} needs from an optimizer: one in-place update of the parameters it
 * was built over, a saveable state for exact resume, and {@link #close()}. Implemented by {@link AdamW}; a
 * trainer gets its optimizer from an {@link OptimizerFactory}.
 *
 * <pre>{@code
 * try (Optimizer opt = AdamW.builder().setParameters(model::weights).build()) {
 *     ... forward, backward ...
 *     opt.update(lr, weightDecay);                 // also zeroes the gradients
 *     Map<String, NDArray> state = opt.stateDict(); // write it out before the next update
 * }
 * }</pre>
 */
public interface Optimizer extends AutoCloseable {

    /**
     * Applies one update to every optimised parameter from its current gradient, then sets those gradients to
     * zero (the trainer relies on this: it zeroes only the other replicas' gradients after an update).
     *
     * @param lr the scheduled learning rate
     * @param weightDecay the weight decay
     * @throws IllegalArgumentException if a value is negative or not finite
     */
    void update(double lr, double weightDecay);

    /**
     * Returns the optimizer state to checkpoint (e.g. moments and step count). The arrays belong to the
     * optimizer and stay valid until the next {@link #update}, {@link #loadStateDict} or {@link #close()}.
     *
     * @return an ordered key → array map
     */
    Map<String, NDArray> stateDict();

    /**
     * Restores a state written by {@link #stateDict()}; the values are copied, the caller keeps the arrays.
     *
     * @param state key → array, the keys of {@link #stateDict()}
     * @throws IllegalArgumentException naming the key if the state does not fit this optimizer
     */
    void loadStateDict(Map<String, NDArray> state);

    /** Frees the optimizer state. */
    @Override
    void close();
}
