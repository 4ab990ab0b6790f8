package org.simvtp.train.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;

/** Test helper: produces real gradients by back-propagating {@code loss = sum_k sum(c_k * p_k)}, so grad p_k = c_k. */
public final class Backprop {

    private Backprop() {}

    /**
     * Runs one backward pass.
     *
     * @param manager a manager for the temporaries (a sub-manager is used and closed)
     * @param params name → parameter
     * @param coefficients name → desired gradient values (flattened)
     */
    public static void linearLoss(NDManager manager, Map<String, NDArray> params, Map<String, float[]> coefficients) {
        try (NDManager sub = manager.newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (Map.Entry<String, float[]> e : coefficients.entrySet()) {
                NDArray p = params.get(e.getKey());
                NDArray c = sub.create(e.getValue(), p.getShape());
                NDArray term = c.mul(p).sum();
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
    }
}
