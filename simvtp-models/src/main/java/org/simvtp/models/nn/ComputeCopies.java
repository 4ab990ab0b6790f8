package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reduced-precision copies of one block's float32 parameters for the current pass (see
 * {@link ReferenceBlock#setComputeType}).
 *
 * <p>DJL's {@code toType} runs under PyTorch's {@code NoGradGuard}, so a cast parameter is cut off from autograd.
 * Each copy is therefore a leaf of its own that records its gradient; {@link #drainInto} hands the copies made
 * since the last drain to {@link ReferenceBlock#accumulateComputeGradients}, which adds their gradients to the
 * float32 parameters. A copy lives in the manager of the activations that use it, and is reused while that
 * manager is open, so a weight used by several passes of one step is cast once and collects one gradient.
 */
final class ComputeCopies {

    private final IdentityHashMap<Parameter, NDArray> current = new IdentityHashMap<>();
    private final List<Map.Entry<Parameter, NDArray>> pending = new ArrayList<>();

    /** The parameter as {@code type} in {@code manager}: the parameter's own array when the types agree. */
    NDArray get(Parameter parameter, DataType type, NDManager manager) {
        NDArray master = parameter.getArray();
        if (master.getDataType() == type) {
            return master;
        }
        NDArray copy = current.get(parameter);
        if (copy != null && !copy.isReleased() && copy.getManager() == manager) {
            return copy;
        }
        pending.removeIf(e -> e.getValue().isReleased());
        copy = master.toType(type, false);
        copy.attach(manager);
        copy.setRequiresGradient(true);
        current.put(parameter, copy);
        pending.add(Map.entry(parameter, copy));
        return copy;
    }

    /** Moves every still-open copy made since the last call into {@code out} and forgets them all. */
    void drainInto(List<Map.Entry<Parameter, NDArray>> out) {
        for (Map.Entry<Parameter, NDArray> e : pending) {
            if (!e.getValue().isReleased()) {
                out.add(e);
            }
        }
        clear();
    }

    /** Forgets every copy (they are released with their manager). */
    void clear() {
        pending.clear();
        current.clear();
    }
}
