package org.simvtp.models.objective;

/**
 * The encoder passes a pre-training step can run; the model runs the union of what its objectives ask for
 * ({@link Objective#passes()}) and nothing else.
 */
public enum EncoderPass {
    /** Visible video tokens followed by the masked caption, with the caption's key mask: [B, Nv + L, D]. */
    JOINT,
    /** Visible video tokens alone: [B, Nv, D]. */
    VIDEO,
    /** The masked caption alone: [B, L, D]. */
    TEXT,
    /** B matching pairs (the joint inputs) then B mismatched pairs (caption i, video j ≠ i): [2B, Nv + L, D]. */
    MATCHING
}
