package org.simvtp.train.parallel;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;
import java.util.Map;

/**
 * Averages gradients of replicas inside one process: per parameter, copies every replica's gradient to
 * replica 0's device, sums them in replica order, divides by the replica count and copies the mean back
 * into each replica's gradient array.
 *
 * <p>Temporaries live in a sub-manager per parameter, so nothing is leaked into the gradients' managers.
 *
 * <pre>{@code
 * new LocalGradientReducer().allReduceMean(List.of(gradsOnCpu, gradsOnGpu0));
 * }</pre>
 */
public final class LocalGradientReducer implements GradientReducer {

    private static final NDIndex ALL = new NDIndex("...");

    /** Creates a reducer; it holds no state. */
    public LocalGradientReducer() {}

    /** {@inheritDoc} */
    @Override
    public void allReduceMean(List<Map<String, NDArray>> perReplicaGrads) {
        if (perReplicaGrads.isEmpty()) {
            throw new IllegalArgumentException("no replicas given");
        }
        validate(perReplicaGrads);
        int n = perReplicaGrads.size();
        if (n == 1) {
            return;
        }
        Map<String, NDArray> first = perReplicaGrads.get(0);
        NDArray any = first.values().stream().findFirst().orElse(null);
        if (any == null) {
            return;
        }
        try (NDManager root = NDManager.newBaseManager(
                any.getDevice(), any.getManager().getEngine().getEngineName())) {
            for (String name : first.keySet()) {
                reduceOne(root, name, perReplicaGrads);
            }
        }
    }

    private static void reduceOne(NDManager root, String name, List<Map<String, NDArray>> replicas) {
        NDArray[] grads = new NDArray[replicas.size()];
        for (int r = 0; r < grads.length; r++) {
            grads[r] = replicas.get(r).get(name);
        }
        Device home = grads[0].getDevice();
        try (NDManager sub = root.newSubManager(home)) {
            sub.tempAttachAll(grads);
            NDArray sum = grads[0].duplicate();
            for (int r = 1; r < grads.length; r++) {
                sum.addi(grads[r].toDevice(home, false));
            }
            sum.divi((float) grads.length);
            for (NDArray g : grads) {
                g.set(ALL, sum.toDevice(g.getDevice(), false));
            }
        }
    }

    private static void validate(List<Map<String, NDArray>> replicas) {
        Map<String, NDArray> first = replicas.get(0);
        for (int r = 1; r < replicas.size(); r++) {
            Map<String, NDArray> other = replicas.get(r);
            if (!other.keySet().equals(first.keySet())) {
                throw new IllegalArgumentException(
                        "replica " + r + " has gradients " + other.keySet() + " but replica 0 has " + first.keySet());
            }
            for (Map.Entry<String, NDArray> e : first.entrySet()) {
                NDArray o = other.get(e.getKey());
                if (!o.getShape().equals(e.getValue().getShape())
                        || o.getDataType() != e.getValue().getDataType()) {
                    throw new IllegalArgumentException("gradient '" + e.getKey() + "' of replica " + r + " is "
                            + o.getDataType() + o.getShape() + ", replica 0 has "
                            + e.getValue().getDataType()
                            + e.getValue().getShape());
                }
            }
        }
    }
}
