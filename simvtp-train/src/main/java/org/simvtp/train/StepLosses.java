package org.simvtp.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The losses of one forward pass.
 *
 * @param total the scalar to back-propagate
 * @param components named scalars reported in logs and plots (e.g. {@code loss_v}, {@code loss_t})
 */
public record StepLosses(NDArray total, Map<String, NDArray> components) {}
