package org.simvtp.train.parallel;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;

/**
 * Exchanges gradients between data-parallel replicas so that every replica ends up with the mean.
 *
 * <p>Averaging (not summing, as DJL's {@code LocalParameterServer} does) keeps the gradient of a
 * per-replica mean loss equal to the gradient of the global-batch mean loss, so learning rates do
 * not depend on the number of replicas (djl-notes.md §6.2, §6.4).
 *
 * <pre>{@code
 * GradientReducer reducer = new LocalGradientReducer();
 * reducer.allReduceMean(List.of(replica0Grads, replica1Grads));   // both now hold the mean
 * }</pre>
 */
public interface GradientReducer {

    /**
     * Replaces, in place, every replica's gradient by the element-wise mean over replicas.
     *
     * @param perReplicaGrads one name → gradient map per replica; all maps have the same names and
     *     shapes, arrays of one replica may live on that replica's device
     * @throws IllegalArgumentException if the maps disagree on names or shapes
     */
    void allReduceMean(List<Map<String, NDArray>> perReplicaGrads);
}
