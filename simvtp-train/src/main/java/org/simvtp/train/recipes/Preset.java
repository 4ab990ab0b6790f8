package org.simvtp.train.recipes;

import java.util.Locale;
import org.simvtp.core.SimvtpConfig;

/**
 * Named model sizes of the command-line tool.
 *
 * <pre>{@code
 * SimvtpConfig config = Preset.parse("small").config();
 * }</pre>
 */
public enum Preset {
    /** {@link SimvtpConfig#tiny()}: 64², 8 frames, encoder 128×4 (tests, quick experiments). */
    TINY,
    /** {@link SimvtpConfig#small()}: 112², 8 frames, encoder 384×6 (CPU-sized). */
    SMALL,
    /** {@link SimvtpConfig#vitBase()}: the reference ViT-B/16, 224², 16 frames. */
    BASE;

    /**
     * The configuration of this preset.
     *
     * @return the configuration
     */
    public SimvtpConfig config() {
        return switch (this) {
            case TINY -> SimvtpConfig.tiny();
            case SMALL -> SimvtpConfig.small();
            case BASE -> SimvtpConfig.vitBase();
        };
    }

    /**
     * The preset named {@code name} (case-insensitive).
     *
     * @param name tiny, small or base
     * @return the preset
     * @throws IllegalArgumentException for another name
     */
    public static Preset parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; use tiny, small or base", e);
        }
    }
}
