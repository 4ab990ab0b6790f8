package org.simvtp.jmh.report;

import java.util.Locale;
import java.util.Objects;

/**
 * The amount of useful work one benchmark operation does, in a unit: {@link #FLOP} (matmul FLOPs), {@link #BYTE}
 * (bytes read and written) or any item name (e.g. {@code token}).
 *
 * <pre>{@code
 * Work w = Work.flops(FlopCounter.matmul(2048, 2048, 2048));
 * String rate = w.rate(0.1);   // "171.8 GFLOP/s" for 0.1 s per operation
 * }</pre>
 *
 * @param amount units per operation, positive
 * @param unit the unit
 */
public record Work(double amount, String unit) {

    /** Matmul floating-point operations. */
    public static final String FLOP = "FLOP";
    /** Bytes. */
    public static final String BYTE = "B";

    /** Validates. */
    public Work {
        Objects.requireNonNull(unit, "unit");
        if (!(amount > 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("work per operation must be positive and finite, got " + amount);
        }
    }

    /** Matmul FLOPs per operation. */
    public static Work flops(long flops) {
        return new Work(flops, FLOP);
    }

    /** Bytes per operation. */
    public static Work bytes(long bytes) {
        return new Work(bytes, BYTE);
    }

    /** Whether the unit is FLOP. */
    public boolean isFlops() {
        return FLOP.equals(unit);
    }

    /** Units per second at {@code secondsPerOp}. */
    public double perSecond(double secondsPerOp) {
        return amount / secondsPerOp;
    }

    /** The work per operation for humans, e.g. {@code 17.18 GFLOP}, {@code 2.41 MB}, {@code 25.1 k token}. */
    public String describe() {
        return scaled(amount, unit);
    }

    /** The rate for humans, e.g. {@code 171.8 GFLOP/s}. */
    public String rate(double secondsPerOp) {
        return scaled(perSecond(secondsPerOp), unit) + "/s";
    }

    private static String scaled(double value, String unit) {
        String[] prefixes = {"", "k", "M", "G", "T", "P"};
        int i = 0;
        double v = value;
        while (Math.abs(v) >= 1000 && i < prefixes.length - 1) {
            v /= 1000;
            i++;
        }
        String sep = unit.equals(FLOP) || unit.equals(BYTE) ? "" : " ";
        return String.format(Locale.ROOT, "%.4g %s%s%s", v, prefixes[i], sep, unit)
                .replace("  ", " ");
    }
}
