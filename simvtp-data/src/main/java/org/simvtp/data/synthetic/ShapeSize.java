package org.simvtp.data.synthetic;

/**
 * Sizes of the synthetic set, as a fraction of the frame's short side (radius).
 *
 * <pre>{@code
 * double r = ShapeSize.LARGE.radiusFraction(); // 0.24
 * }</pre>
 */
public enum ShapeSize {
    /** Radius 11% of the short side. */
    SMALL(0.11),
    /** Radius 24% of the short side. */
    LARGE(0.24);

    private final double radiusFraction;

    ShapeSize(double radiusFraction) {
        this.radiusFraction = radiusFraction;
    }

    /**
     * Radius as a fraction of the frame's short side.
     *
     * @return the fraction
     */
    public double radiusFraction() {
        return radiusFraction;
    }

    /**
     * The caption word.
     *
     * @return e.g. {@code small}
     */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
