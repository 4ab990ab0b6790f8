package org.simvtp.data.synthetic;

/**
 * Motions of the synthetic set; the caption phrase is {@link #phrase()}.
 *
 * <pre>{@code
 * String p = Motion.LEFT.phrase(); // "moves left"
 * }</pre>
 */
public enum Motion {
    /** Moves towards the left edge. */
    LEFT("moves left", -1, 0),
    /** Moves towards the right edge. */
    RIGHT("moves right", 1, 0),
    /** Moves towards the top edge. */
    UP("moves up", 0, -1),
    /** Moves towards the bottom edge. */
    DOWN("moves down", 0, 1),
    /** Does not move. */
    STILL("stays still", 0, 0),
    /** Stays in place and grows from small to large. */
    GROWS("grows", 0, 0);

    private final String phrase;
    private final int dx;
    private final int dy;

    Motion(String phrase, int dx, int dy) {
        this.phrase = phrase;
        this.dx = dx;
        this.dy = dy;
    }

    /**
     * The caption phrase.
     *
     * @return e.g. {@code moves left}
     */
    public String phrase() {
        return phrase;
    }

    int dx() {
        return dx;
    }

    int dy() {
        return dy;
    }
}
