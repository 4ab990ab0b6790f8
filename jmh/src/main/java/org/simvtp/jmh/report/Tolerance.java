package org.simvtp.jmh.report;

/**
 * How far a run may fall behind its baseline before {@link BaselineComparator} calls it a regression.
 *
 * <pre>{@code
 * Tolerance t = Tolerance.DEFAULT;         // speed −25 %, heap allocation +25 % + 64 KiB, extras +0
 * boolean bad = current < baseline * (1 - t.ratioDrop());
 * }</pre>
 *
 * @param ratioDrop largest allowed relative drop of the relative speed, e.g. 0.25 = may fall to 75 % of the baseline
 * @param allocGrowth largest allowed relative growth of heap bytes per operation
 * @param allocSlackBytes absolute slack added to the allocation limit (small counts are noisy)
 * @param extraSlack largest allowed absolute increase of an extra figure (lower is better, e.g. live arrays per
 *     step)
 */
public record Tolerance(double ratioDrop, double allocGrowth, double allocSlackBytes, double extraSlack) {

    /**
     * The suite's default: a 25 % drop of relative speed (shared, noisy machines vary by ±15–25 % between
     * runs), 25 % + 64 KiB more heap allocation, no increase of extra figures.
     */
    public static final Tolerance DEFAULT = new Tolerance(0.25, 0.25, 65536, 0);

    /** Validates. */
    public Tolerance {
        if (!(ratioDrop >= 0 && ratioDrop < 1)) {
            throw new IllegalArgumentException("ratioDrop must be in [0, 1), got " + ratioDrop);
        }
        if (!(allocGrowth >= 0) || !(allocSlackBytes >= 0) || !(extraSlack >= 0)) {
            throw new IllegalArgumentException("allocation and extra tolerances must be >= 0, got " + allocGrowth + ", "
                    + allocSlackBytes + ", " + extraSlack);
        }
    }

    /** The lowest acceptable relative speed for a baseline value. */
    public double minRatio(double baseline) {
        return baseline * (1 - ratioDrop);
    }

    /** The highest acceptable heap bytes per operation for a baseline value. */
    public double maxAlloc(double baseline) {
        return baseline * (1 + allocGrowth) + allocSlackBytes;
    }

    /** The highest acceptable value of an extra figure for a baseline value. */
    public double maxExtra(double baseline) {
        return baseline + extraSlack;
    }
}
