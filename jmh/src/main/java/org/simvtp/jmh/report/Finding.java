package org.simvtp.jmh.report;

import java.util.Locale;

/**
 * The verdict on one figure of one benchmark against its baseline.
 *
 * <pre>{@code
 * Finding f = ...;
 * if (f.status() == Finding.Status.REGRESSED) System.err.println(f.describe());
 * }</pre>
 *
 * @param key the result key
 * @param figure {@code ratio}, {@code allocBytesPerOp} or an extra figure's name; {@code run} for a missing result
 * @param status the verdict
 * @param baseline the baseline value (NaN for a new benchmark)
 * @param current the value of this run (NaN when missing)
 * @param limit the acceptance limit (NaN when none applies)
 */
public record Finding(String key, String figure, Status status, double baseline, double current, double limit) {

    /** Verdicts; only {@link #REGRESSED} and {@link #MISSING} fail a comparison. */
    public enum Status {
        /** Within tolerance. */
        OK,
        /** Beyond tolerance. */
        REGRESSED,
        /** In the baseline, not in this run (the benchmark failed or was not run). */
        MISSING,
        /** In this run, not in the baseline. */
        NEW,
        /** The baseline has the figure but this run did not measure it (e.g. no {@code -prof gc}). */
        SKIPPED
    }

    /** Whether this finding fails the comparison. */
    public boolean fails() {
        return status == Status.REGRESSED || status == Status.MISSING;
    }

    /** One line for logs, e.g. {@code REGRESSED PretrainStepBenchmark.step[...] ratio 0.41 < limit 0.45 (baseline 0.60)}. */
    public String describe() {
        switch (status) {
            case MISSING:
                return String.format(Locale.ROOT, "MISSING   %s: in the baseline but not measured in this run", key);
            case NEW:
                return String.format(Locale.ROOT, "NEW       %s: no baseline yet", key);
            case SKIPPED:
                return String.format(Locale.ROOT, "SKIPPED   %s %s: not measured in this run", key, figure);
            default:
                String op = "ratio".equals(figure)
                        ? (status == Status.OK ? ">=" : "<")
                        : (status == Status.OK ? "<=" : ">");
                return String.format(
                        Locale.ROOT,
                        "%-9s %s %s %.4g %s limit %.4g (baseline %.4g)",
                        status,
                        key,
                        figure,
                        current,
                        op,
                        limit,
                        baseline);
        }
    }
}
