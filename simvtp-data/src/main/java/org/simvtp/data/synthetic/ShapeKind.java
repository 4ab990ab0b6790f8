package org.simvtp.data.synthetic;

/**
 * Shapes of the synthetic set.
 *
 * <pre>{@code
 * String word = ShapeKind.CIRCLE.word(); // "circle"
 * }</pre>
 */
public enum ShapeKind {
    /** A filled disc. */
    CIRCLE,
    /** A filled axis-aligned square. */
    SQUARE,
    /** A filled upward triangle. */
    TRIANGLE;

    /**
     * The caption word.
     *
     * @return e.g. {@code circle}
     */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the pixel offset {@code (dx, dy)} from the centre lies inside the shape of radius {@code r}. */
    boolean contains(double dx, double dy, double r) {
        switch (this) {
            case CIRCLE:
                return dx * dx + dy * dy <= r * r;
            case SQUARE:
                return Math.abs(dx) <= 0.85 * r && Math.abs(dy) <= 0.85 * r;
            default:
                return dy >= -r && dy <= r && Math.abs(dx) <= (dy + r) / 2;
        }
    }
}
