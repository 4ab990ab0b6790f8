package org.simvtp.models.objective;

/**
 * Optional parts of {@link org.simvtp.models.SimvtpPretrainModel} that exist only when an objective needs them
 * ({@link Objective#parts()}) or the builder was given one.
 */
public enum ModelPart {
    /** {@code decoder.*}, {@code encoder_to_decoder.weight} and {@code mask_token}. */
    PIXEL_DECODER,
    /** {@code text_cls.*}. */
    MLM_HEAD,
    /** {@code vtm_head.*}. */
    VTM_HEAD
}
