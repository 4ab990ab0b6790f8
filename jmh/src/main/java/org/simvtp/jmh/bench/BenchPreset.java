package org.simvtp.jmh.bench;

import java.util.Locale;
import org.simvtp.core.SimvtpConfig;

/**
 * The model presets a benchmark can be parameterised with ({@code @Param({"tiny", "small", "base"})}).
 *
 * <pre>{@code
 * SimvtpConfig config = BenchPreset.of("small").config();
 * }</pre>
 */
public enum BenchPreset {
    /** {@link SimvtpConfig#tiny()}. */
    TINY,
    /** {@link SimvtpConfig#small()}. */
    SMALL,
    /** {@link SimvtpConfig#vitBase()}. */
    BASE;

    /** The model configuration of this preset. */
    public SimvtpConfig config() {
        switch (this) {
            case TINY:
                return SimvtpConfig.tiny();
            case SMALL:
                return SimvtpConfig.small();
            default:
                return SimvtpConfig.vitBase();
        }
    }

    /**
     * The preset of a JMH parameter value.
     *
     * @param name {@code tiny}, {@code small} or {@code base} (any case)
     * @return the preset
     * @throws IllegalArgumentException for another name
     */
    public static BenchPreset of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; expected tiny, small or base", e);
        }
    }
}
