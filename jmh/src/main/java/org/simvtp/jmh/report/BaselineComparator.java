package org.simvtp.jmh.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a run with a {@link Baseline}: every benchmark of the baseline must be present, keep its relative
 * speed within {@link Tolerance#minRatio}, its heap allocation within {@link Tolerance#maxAlloc} and each extra
 * figure within {@link Tolerance#maxExtra}. Benchmarks new to the run are reported and pass.
 *
 * <pre>{@code
 * Comparison c = BaselineComparator.compare(Baseline.read(Path.of("jmh/baseline.json")), report);
 * System.exit(c.failed() ? 1 : 0);
 * }</pre>
 */
public final class BaselineComparator {

    private BaselineComparator() {}

    /**
     * Compares.
     *
     * @param baseline the committed figures and tolerance
     * @param report this run
     * @return all findings
     */
    public static Comparison compare(Baseline baseline, Report report) {
        Tolerance t = baseline.tolerance();
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Baseline.Entry> e : baseline.benchmarks().entrySet()) {
            String key = e.getKey();
            Baseline.Entry b = e.getValue();
            Report.Row row = report.row(key);
            if (row == null) {
                out.add(new Finding(key, "run", Finding.Status.MISSING, b.ratio(), Double.NaN, Double.NaN));
                continue;
            }
            double minRatio = t.minRatio(b.ratio());
            out.add(new Finding(
                    key,
                    "ratio",
                    row.ratio() < minRatio ? Finding.Status.REGRESSED : Finding.Status.OK,
                    b.ratio(),
                    row.ratio(),
                    minRatio));
            if (!Double.isNaN(b.allocBytesPerOp())) {
                double alloc = row.measurement().allocBytesPerOp();
                double max = t.maxAlloc(b.allocBytesPerOp());
                out.add(
                        Double.isNaN(alloc)
                                ? new Finding(
                                        key, "allocBytesPerOp", Finding.Status.SKIPPED, b.allocBytesPerOp(), alloc, max)
                                : new Finding(
                                        key,
                                        "allocBytesPerOp",
                                        alloc > max ? Finding.Status.REGRESSED : Finding.Status.OK,
                                        b.allocBytesPerOp(),
                                        alloc,
                                        max));
            }
            b.extras().forEach((name, value) -> {
                Double current = row.extras().get(name);
                double max = t.maxExtra(value);
                if (current == null) {
                    out.add(new Finding(key, name, Finding.Status.SKIPPED, value, Double.NaN, max));
                } else {
                    out.add(new Finding(
                            key,
                            name,
                            current > max ? Finding.Status.REGRESSED : Finding.Status.OK,
                            value,
                            current,
                            max));
                }
            });
        }
        for (Report.Row row : report.rows()) {
            if (!baseline.benchmarks().containsKey(row.key())) {
                out.add(new Finding(row.key(), "run", Finding.Status.NEW, Double.NaN, row.ratio(), Double.NaN));
            }
        }
        return new Comparison(out);
    }
}
