package org.simvtp.train.recipes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.simvtp.train.schedule.LrScaling;

/**
 * The start-up lines of the training recipes that say which peak learning rate a run uses and where it comes
 * from, plus a hint when the reference scaling gives a rate too small to move a short run (issue 18: a batch of 16
 * pre-trains at 1.5e-4 · 16 / 256 = 9.4e-6).
 *
 * <pre>{@code
 * learning rate 9.4e-06 = 1.5e-04 × batch 16 / 256 (reference scaling; --lr sets it directly)
 * hint: a learning rate below 1e-5 barely moves a short run; try --lr 1e-3
 * }</pre>
 */
final class LearningRateReport {

    /** Below this peak rate a derived (not explicitly set) rate gets a hint. */
    static final double LOW_LR = 1e-5;

    /** The hint printed under a derived rate below {@link #LOW_LR}. */
    static final String LOW_LR_HINT = "hint: a learning rate below 1e-5 barely moves a short run; try --lr 1e-3";

    /** Global batch of the reference fine-tuning recipe, for which its rate 7.5e-5 (3e-4 · 64 / 256) is set. */
    static final int FINETUNE_REFERENCE_BATCH = 64;

    private LearningRateReport() {}

    /**
     * The lines for a pre-training run.
     *
     * @param explicitLr the rate set by the user, or empty for the reference scaling
     * @param globalBatch clips per optimizer step over all processes
     * @param world number of processes
     * @param lr the peak rate the run uses
     * @return one line, or two with the hint
     */
    static List<String> pretrain(OptionalDouble explicitLr, int globalBatch, int world, double lr) {
        if (explicitLr.isPresent()) {
            return List.of(explicit(lr));
        }
        String batch = world > 1
                ? "global batch " + globalBatch + " (" + globalBatch / world + " × " + world + " processes)"
                : "batch " + globalBatch;
        return withHint(
                String.format(
                        Locale.ROOT,
                        "learning rate %s = %s × %s / %d (reference scaling; --lr sets " + "it directly)",
                        format(lr),
                        format(PretrainSettings.REFERENCE_LR),
                        batch,
                        LrScaling.REFERENCE_BATCH),
                lr);
    }

    /**
     * The lines for a fine-tuning run, whose default is the reference's rate for its global batch of 64 (3e-4 ·
     * 64 / 256), not rescaled to the run's batch.
     *
     * @param explicitLr the rate set by the user, or empty for the reference rate
     * @param batchSize pairs per optimizer step
     * @param lr the peak rate the run uses
     * @return one line, or two with the hint
     */
    static List<String> finetune(OptionalDouble explicitLr, int batchSize, double lr) {
        if (explicitLr.isPresent()) {
            return List.of(explicit(lr));
        }
        double base = lr * LrScaling.REFERENCE_BATCH / FINETUNE_REFERENCE_BATCH;
        return withHint(
                String.format(
                        Locale.ROOT,
                        "learning rate %s = the reference fine-tuning rate (%s × its "
                                + "batch %d / %d), not rescaled to batch %d (--lr sets it directly)",
                        format(lr),
                        format(base),
                        FINETUNE_REFERENCE_BATCH,
                        LrScaling.REFERENCE_BATCH,
                        batchSize),
                lr);
    }

    private static String explicit(double lr) {
        return "learning rate " + format(lr) + " (set directly with --lr)";
    }

    private static List<String> withHint(String line, double lr) {
        List<String> lines = new ArrayList<>(List.of(line));
        if (lr < LOW_LR) {
            lines.add(LOW_LR_HINT);
        }
        return List.copyOf(lines);
    }

    /** A rate with two significant digits in exponent notation, e.g. {@code 9.4e-06}. */
    static String format(double lr) {
        return String.format(Locale.ROOT, "%.1e", lr);
    }
}
