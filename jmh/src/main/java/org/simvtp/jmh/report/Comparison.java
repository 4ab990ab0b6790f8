package org.simvtp.jmh.report;

import java.util.List;

/**
 * All findings of one baseline comparison.
 *
 * <pre>{@code
 * Comparison c = BaselineComparator.compare(baseline, report);
 * if (c.failed()) { c.failures().forEach(f -> System.err.println(f.describe())); System.exit(1); }
 * }</pre>
 *
 * @param findings every finding, in baseline order, then new benchmarks
 */
public record Comparison(List<Finding> findings) {

    /** Copies the list. */
    public Comparison {
        findings = List.copyOf(findings);
    }

    /** The findings that fail the comparison. */
    public List<Finding> failures() {
        return findings.stream().filter(Finding::fails).toList();
    }

    /** Whether any finding fails. */
    public boolean failed() {
        return findings.stream().anyMatch(Finding::fails);
    }

    /** The distinct keys of the failing benchmarks, in order. */
    public List<String> failedBenchmarks() {
        return failures().stream().map(Finding::key).distinct().toList();
    }
}
