package org.simvtp.data.synthetic;

/**
 * Colours of the synthetic set, chosen to stay distinct after YUV 4:2:0 compression.
 *
 * <pre>{@code
 * int[] rgb = ShapeColor.RED.rgb(); // {230, 30, 30}
 * }</pre>
 */
public enum ShapeColor {
    /** Red. */
    RED(230, 30, 30),
    /** Green. */
    GREEN(30, 200, 50),
    /** Blue. */
    BLUE(40, 70, 240),
    /** Yellow. */
    YELLOW(240, 230, 40),
    /** Purple. */
    PURPLE(160, 50, 210),
    /** White. */
    WHITE(245, 245, 245);

    private final int r;
    private final int g;
    private final int b;

    ShapeColor(int r, int g, int b) {
        this.r = r;
        this.g = g;
        this.b = b;
    }

    /**
     * The colour as {@code {r, g, b}}.
     *
     * @return a new array
     */
    public int[] rgb() {
        return new int[] {r, g, b};
    }

    /**
     * The caption word.
     *
     * @return e.g. {@code red}
     */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
