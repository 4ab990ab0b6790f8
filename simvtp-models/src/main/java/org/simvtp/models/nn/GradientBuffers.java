package org.simvtp.models.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * The gradient tensors of parameters as a training loop's own buffers: allocated once, dense, and added into by
 * every backward pass (PyTorch's {@code .grad} with {@code zero_grad(set_to_none=False)}).
 *
 * <p>With the buffers in place, {@link TextEmbedding} hands its word-table gradient over as sparse rows that are
 * added into the buffer (no vocabulary-sized temporary per step), and it does so from the very first step, so a run
 * resumed from a checkpoint computes exactly what an uninterrupted one does. {@code Trainer} allocates them when it
 * is built; a hand-written loop calls {@link #allocate} once before its first step.
 *
 * <pre>{@code
 * GradientBuffers.allocate(model.namedParameters().values().stream().map(Parameter::getArray).toList());
 * }</pre>
 */
public final class GradientBuffers {

    private GradientBuffers() {}

    /**
     * Gives every parameter that requires a gradient and has no dense one yet a dense gradient of zeros (one
     * backward pass through {@code 0·Σp}); parameters of other engines and those with a dense gradient are left
     * alone.
     *
     * @param parameters parameter arrays
     */
    public static void allocate(Iterable<NDArray> parameters) {
        NDArray first = null;
        for (NDArray p : parameters) {
            if (p instanceof PtNDArray) {
                first = p;
                break;
            }
        }
        if (first == null) {
            return;
        }
        try (NDManager scope = first.getManager().newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray total = null;
            for (NDArray p : parameters) {
                if (p.hasGradient() && p instanceof PtNDArray && !isDense(p)) {
                    NDArray sum = p.sum();
                    sum.attach(scope);
                    total = total == null ? sum : total.add(sum);
                }
            }
            if (total != null) {
                // a zero tensor of its own, alive until the backward pass (NDArray.mul(Number) frees its operand
                // at once, see GarbageCollectionSafetyTest); d(0·Σp)/dp = 0 even where p is not finite
                NDArray zero = scope.zeros(new Shape(), total.getDataType());
                collector.backward(total.mul(zero));
            }
        }
    }

    /**
     * Tells whether {@code array} has a defined, dense gradient.
     *
     * @param array a parameter array
     * @return false for arrays of other engines, before any backward pass and for sparse gradients
     */
    static boolean isDense(NDArray array) {
        if (!(array instanceof PtNDArray pt) || !array.hasGradient()) {
            return false;
        }
        PtNDArray gradient = JniUtils.getGradient(pt);
        if (gradient == null) {
            return false;
        }
        try {
            return !gradient.isSparse();
        } finally {
            gradient.close();
        }
    }
}
