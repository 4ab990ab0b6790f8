package org.simvtp.models.objective;

import java.util.List;
import org.simvtp.core.SimvtpConfig;

/**
 * The reference's four objectives with the configuration's weights and VTC temperature, in the reference's order
 * (pixel, MLM, VTC, VTM), so that the total loss adds them as the reference does.
 *
 * <pre>{@code
 * List<Objective> objectives = ReferenceObjectives.of(SimvtpConfig.tiny());
 * }</pre>
 */
public final class ReferenceObjectives {

    /** The names of the reference objectives, in order. */
    public static final List<String> NAMES = List.of("pixel", "mlm", "vtc", "vtm");

    private ReferenceObjectives() {}

    /** Fresh instances of the four reference objectives for {@code config}. */
    public static List<Objective> of(SimvtpConfig config) {
        return List.of(
                PixelObjective.builder().optWeight(config.videoLossWeight()).build(),
                MlmObjective.builder().optWeight(config.textLossWeight()).build(),
                VtcObjective.builder()
                        .optWeight(config.vtcLossWeight())
                        .optTemperature(config.vtcTemperature())
                        .build(),
                VtmObjective.builder()
                        .optWeight(config.vtmLossWeight())
                        .optTemperature(config.vtcTemperature())
                        .build());
    }
}
