package org.simvtp.train;

import ai.djl.ndarray.NDArray;
import java.util.Collection;
import org.simvtp.models.nn.Layers;
import org.simvtp.train.optim.DynamicLossScaler;
import org.simvtp.train.optim.GradientClipping;

/**
 * What happens to a loss before backward and to the reduced gradients before the optimizer: division by the
 * number of accumulated micro-batches, dynamic loss scaling in {@link Precision#FP16} (multiply before
 * backward, divide after, detect overflow), gradient-norm clipping.
 *
 * <pre>{@code
 * GradientScaling scaling = new GradientScaling(config, Precision.FP16, LossScaling.reference());
 * gc.backward(scaling.objective(loss));
 * double norm = scaling.unscaleAndClip(gradients);   // NaN: overflow or non-finite, skip the step
 * scaling.update(!Double.isFinite(norm));
 * }</pre>
 */
final class GradientScaling {

    private final int accumulationSteps;
    private final GradientClipping clipping;
    private final LossScaling lossScaling;
    private final DynamicLossScaler scaler;

    GradientScaling(TrainerConfig config, Precision precision, LossScaling lossScaling) {
        this.accumulationSteps = config.accumulationSteps();
        this.clipping = config.clipGradNorm() > 0
                ? GradientClipping.globalNorm(config.clipGradNorm())
                : GradientClipping.none();
        this.lossScaling = lossScaling;
        this.scaler = precision.scalesLoss() ? lossScaling.newScaler() : null;
    }

    /** The current loss scale; 1 without loss scaling. */
    double scale() {
        return scaler == null ? 1 : scaler.scale();
    }

    /** What a replica back-propagates: its loss averaged over micro-batches, times the loss scale. */
    NDArray objective(NDArray total) {
        NDArray objective = accumulationSteps == 1 ? total : total.div(Layers.scalar(total, accumulationSteps));
        return scaler == null ? objective : objective.mul(Layers.scalar(objective, scaler.scale()));
    }

    /**
     * Divides the reduced gradients by the loss scale and clips them when enabled.
     *
     * @return the global norm of the unscaled gradients (before clipping); NaN when the scaled gradients
     *     overflowed (they are left untouched then)
     */
    double unscaleAndClip(Collection<NDArray> gradients) {
        if (scaler == null) {
            return clipping.enabled() ? clipping.apply(gradients) : GradientClipping.globalNorm(gradients);
        }
        double scaledNorm = GradientClipping.globalNorm(gradients);
        if (!Double.isFinite(scaledNorm)) {
            return Double.NaN;
        }
        scaler.unscale(gradients);
        return clipping.enabled() ? clipping.apply(gradients) : scaledNorm / scaler.scale();
    }

    /**
     * Whether a skipped step was a loss-scale overflow that lowering the scale may cure (so it does not count
     * as non-finite): loss scaling is on and the scale used was above its minimum.
     */
    boolean curableOverflow(double scaleUsed) {
        return scaler != null && scaleUsed > lossScaling.minScale();
    }

    /** Tells the loss scaler whether the step was skipped (no-op without loss scaling). */
    void update(boolean skipped) {
        if (scaler != null) {
            scaler.update(skipped);
        }
    }

    /** The scaler's state for a checkpoint; null without loss scaling. */
    DynamicLossScaler.State state() {
        return scaler == null ? null : scaler.state();
    }

    /** Whether the loss is scaled (and a checkpoint's scaler state is restored). */
    boolean scalesLoss() {
        return scaler != null;
    }

    void restore(DynamicLossScaler.State state) {
        scaler.restore(state);
    }
}
