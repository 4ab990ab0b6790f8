package org.simvtp.train.schedule;

/**
 * The linear learning-rate scaling rule of MAE/VideoMAE/SimVTP: {@code lr = base * globalBatch / 256}.
 *
 * <p>The reference applies it to the base lr, the minimum lr and the warm-up lr alike, e.g. pre-training
 * {@code 1.5e-4 * 1024 / 256 = 6e-4} (simvtp-spec.md §6) and fine-tuning {@code 3e-4 * 64 / 256 = 7.5e-5}
 * (§7).
 *
 * <pre>{@code
 * double lr = LrScaling.scaleForBatch(1.5e-4, 16 * 64);   // 6e-4
 * }</pre>
 */
public final class LrScaling {

    /** The batch size at which the base value applies unchanged. */
    public static final int REFERENCE_BATCH = 256;

    private LrScaling() {}

    /**
     * Scales a per-256-samples value to a global batch size.
     *
     * @param base the value quoted for a batch of 256
     * @param globalBatch the global batch size (per-device batch × number of replicas), at least 1
     * @return {@code base * globalBatch / 256}
     */
    public static double scaleForBatch(double base, int globalBatch) {
        if (globalBatch < 1) {
            throw new IllegalArgumentException("global batch must be >= 1, got " + globalBatch);
        }
        return base * globalBatch / REFERENCE_BATCH;
    }
}
