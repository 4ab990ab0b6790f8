package org.simvtp.train.optim;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trainable weights of a model by state-dict name, e.g. {@code video_encoder.blocks.3.attn.qkv.weight}.
 *
 * <p>Each array is a parameter with an attached gradient ({@code array.setRequiresGradient(true)}); the
 * optimizer reads {@code array.getGradient()} and updates the array in place. The map's iteration order
 * is the update order and should be stable.
 *
 * <pre>{@code
 * NamedParameters params = NamedParameters.of(Map.of("head.weight", w, "head.bias", b));
 * }</pre>
 */
@FunctionalInterface
public interface NamedParameters {

    /**
     * Returns the weights by name.
     *
     * @return name → parameter array (not copied; the optimizer updates them in place)
     */
    Map<String, NDArray> weights();

    /**
     * Wraps a fixed map, keeping its iteration order.
     *
     * @param weights name → parameter array
     * @return a view over an unmodifiable copy of the map
     */
    static NamedParameters of(Map<String, NDArray> weights) {
        Map<String, NDArray> copy = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        return () -> copy;
    }
}
