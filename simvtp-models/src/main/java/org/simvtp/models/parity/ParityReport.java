package org.simvtp.models.parity;

import java.util.List;

/**
 * All checks of one parity run.
 *
 * @param bundle the bundle directory, as given
 * @param checks every comparison, in the order run
 */
public record ParityReport(String bundle, List<ParityCheck> checks) {

    /** True when every check passed. */
    public boolean passed() {
        return checks.stream().allMatch(ParityCheck::passed);
    }

    /** Number of failed checks. */
    public long failures() {
        return checks.stream().filter(c -> !c.passed()).count();
    }

    /** The report as a table with a summary line. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-48s %11s %11s  %s%n", "tensor", "max |err|", "tolerance", "result"));
        checks.forEach(c -> sb.append(c.row()).append('\n'));
        sb.append(passed() ? "PASS" : "FAIL")
                .append(": ")
                .append(checks.size() - failures())
                .append('/')
                .append(checks.size())
                .append(" checks passed for ")
                .append(bundle)
                .append('\n');
        return sb.toString();
    }
}
