package org.simvtp.train;

import ai.djl.ndarray.types.DataType;

/**
 * The numeric precision a {@link Trainer} computes in. Parameters, gradients and optimizer state are float32 in
 * every mode (master weights); only activations and the per-pass weight copies change type.
 *
 * <ul>
 *   <li>{@link #FP32}: plain float32, as SimVTP pre-training (spec §6); the default.</li>
 *   <li>{@link #FP16}: float16 compute with dynamic loss scaling ({@link LossScaling}), as the reference
 *       DeepSpeed fine-tuning (spec §7); meant for GPUs, also runs (slowly) on the CPU.</li>
 *   <li>{@link #BF16}: not available in this stack: DJL 0.36's PyTorch engine aborts the JVM ("terminate called
 *       without an active exception") on any bfloat16 array, even a cast, so the trainer refuses it.</li>
 * </ul>
 *
 * <pre>{@code
 * Trainer.builder(new RetrievalTask(config)).optPrecision(Precision.FP16).build();
 * }</pre>
 */
public enum Precision {
    /** Float32 everywhere. */
    FP32(DataType.FLOAT32),
    /** Bfloat16 compute: refused, see the class comment. */
    BF16(DataType.BFLOAT16),
    /** Float16 compute, float32 master weights, dynamic loss scaling. */
    FP16(DataType.FLOAT16);

    private final DataType computeType;

    Precision(DataType computeType) {
        this.computeType = computeType;
    }

    /** The type activations are computed in. */
    public DataType computeType() {
        return computeType;
    }

    /** Whether training in this precision scales the loss (float16's narrow exponent range needs it). */
    public boolean scalesLoss() {
        return this == FP16;
    }

    /**
     * Throws when this stack cannot train in this precision.
     *
     * @throws UnsupportedOperationException for {@link #BF16}
     */
    public void requireSupported() {
        if (this == BF16) {
            throw new UnsupportedOperationException("BF16 training is not available: DJL 0.36's PyTorch engine"
                    + " aborts the JVM (\"terminate called without an active exception\") on any bfloat16 array,"
                    + " even a cast (measured on PyTorch 2.7.1); use FP16 (float16 with loss scaling) or FP32");
        }
    }
}
