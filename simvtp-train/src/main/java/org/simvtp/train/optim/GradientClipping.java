package org.simvtp.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Collection;

/**
 * Global-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} (L2 norm over all
 * gradients together; DJL only offers element-wise, one-sided clipping).
 *
 * <p>If the total norm {@code n} exceeds {@code maxNorm}, every gradient is multiplied in place by
 * {@code maxNorm / (n + 1e-6)}. The reference does not clip, so the trainer default is
 * {@link #none()}. When the norm is not finite the gradients are left untouched (the caller decides,
 * e.g. via {@link DynamicLossScaler}).
 *
 * <pre>{@code
 * GradientClipping clip = GradientClipping.globalNorm(1.0);
 * double norm = clip.apply(gradients);                 // NaN when clipping is off
 * double n2 = GradientClipping.clipGlobalNorm(gradients, 1.0);
 * }</pre>
 */
public final class GradientClipping {

    private static final GradientClipping NONE = new GradientClipping(Double.POSITIVE_INFINITY);
    private static final double EPS = 1e-6;

    private final double maxNorm;

    private GradientClipping(double maxNorm) {
        this.maxNorm = maxNorm;
    }

    /**
     * Returns the disabled clipping (the reference default).
     *
     * @return an instance whose {@link #apply} does nothing
     */
    public static GradientClipping none() {
        return NONE;
    }

    /**
     * Returns clipping to a maximum global L2 norm.
     *
     * @param maxNorm a positive, finite norm
     * @return the clipping
     */
    public static GradientClipping globalNorm(double maxNorm) {
        if (!(maxNorm > 0) || !Double.isFinite(maxNorm)) {
            throw new IllegalArgumentException("max norm must be positive and finite, got " + maxNorm);
        }
        return new GradientClipping(maxNorm);
    }

    /**
     * Tells whether clipping is on.
     *
     * @return {@code false} for {@link #none()}
     */
    public boolean enabled() {
        return this != NONE;
    }

    /**
     * Clips the gradients if enabled.
     *
     * @param gradients the gradients, modified in place
     * @return the total norm before clipping, or NaN when disabled (nothing is computed)
     */
    public double apply(Collection<NDArray> gradients) {
        return enabled() ? clipGlobalNorm(gradients, maxNorm) : Double.NaN;
    }

    /**
     * Computes the global L2 norm {@code sqrt(sum_i ||g_i||^2)} of the gradients.
     *
     * @param gradients the gradients (not modified)
     * @return the total norm, accumulated in double precision
     */
    public static double globalNorm(Collection<NDArray> gradients) {
        double sumSquares = 0;
        for (NDArray g : gradients) {
            try (NDArray n = g.norm();
                    NDArray n64 = n.toType(DataType.FLOAT64, true)) {
                double v = n64.getDouble();
                sumSquares += v * v;
            }
        }
        return Math.sqrt(sumSquares);
    }

    /**
     * Scales the gradients in place so that their global norm is at most {@code maxNorm}.
     *
     * @param gradients the gradients, modified in place
     * @param maxNorm the maximum norm, positive
     * @return the total norm before clipping
     */
    public static double clipGlobalNorm(Collection<NDArray> gradients, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max norm must be positive, got " + maxNorm);
        }
        double total = globalNorm(gradients);
        double coefficient = maxNorm / (total + EPS);
        if (Double.isFinite(total) && coefficient < 1) {
            for (NDArray g : gradients) {
                g.muli((float) coefficient);
            }
        }
        return total;
    }

    @Override
    public String toString() {
        return enabled() ? "GradientClipping[maxNorm=" + maxNorm + "]" : "GradientClipping[none]";
    }
}
