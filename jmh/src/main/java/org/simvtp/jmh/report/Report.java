package org.simvtp.jmh.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The figures of one suite run: every measurement with its work per operation, its achieved rate and its
 * speed relative to the same-run yardstick, plus extra per-benchmark figures (e.g. live NDArrays per step).
 *
 * <p><b>Relative speed</b> ({@link Row#ratio()}), higher is better:
 * <ul>
 *   <li>FLOP benchmarks: achieved GFLOP/s ÷ yardstick GFLOP/s (the yardstick must count FLOPs);</li>
 *   <li>all others: yardstick seconds per operation ÷ benchmark seconds per operation.</li>
 * </ul>
 * Both cancel the speed of the machine to first order, which is what makes them comparable with a baseline
 * recorded elsewhere.
 *
 * <pre>{@code
 * Report r = Report.build(measurements, m -> catalog.workOf(m), extras, "YardstickMatmulBenchmark.matmul2048");
 * double ratio = r.row("PretrainStepBenchmark.step[preset=small,reuse=true]").ratio();
 * }</pre>
 */
public final class Report {

    /**
     * One benchmark result with derived figures.
     *
     * @param measurement what JMH measured
     * @param work work per operation, or null if unknown
     * @param ratio relative speed (see {@link Report})
     * @param extras additional figures by name (lower is better), possibly empty
     */
    public record Row(BenchResult measurement, Work work, double ratio, Map<String, Double> extras) {

        /** Copies the extras. */
        public Row {
            Objects.requireNonNull(measurement, "measurement");
            extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
        }

        /** The result key, see {@link BenchResult#key()}. */
        public String key() {
            return measurement.key();
        }

        /** Work units per second, or NaN without work. */
        public double rate() {
            return work == null ? Double.NaN : work.perSecond(measurement.secondsPerOp());
        }
    }

    private final String yardstickKey;
    private final Row yardstick;
    private final List<Row> rows;
    private final List<String> notes = new ArrayList<>();

    private Report(String yardstickKey, Row yardstick, List<Row> rows) {
        this.yardstickKey = yardstickKey;
        this.yardstick = yardstick;
        this.rows = List.copyOf(rows);
    }

    /**
     * Derives the report.
     *
     * @param measurements JMH results
     * @param workOf the work per operation of a measurement, or null when it has none
     * @param extras extra figures by result key, then figure name
     * @param yardstickKey key of the yardstick result; it must be present and count FLOPs
     * @return the report
     * @throws IllegalArgumentException if the yardstick is missing or has no FLOP count
     */
    public static Report build(
            List<BenchResult> measurements,
            Function<BenchResult, Work> workOf,
            Map<String, Map<String, Double>> extras,
            String yardstickKey) {
        BenchResult ys = measurements.stream()
                .filter(m -> m.key().equals(yardstickKey))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the yardstick " + yardstickKey
                        + " is missing from the results; relative speeds need it in the same run"));
        Work ysWork = workOf.apply(ys);
        if (ysWork == null || !ysWork.isFlops()) {
            throw new IllegalArgumentException("the yardstick " + yardstickKey + " must have a FLOP count");
        }
        double ysRate = ysWork.perSecond(ys.secondsPerOp());
        List<Row> rows = new ArrayList<>();
        Row yardstickRow = null;
        for (BenchResult m : measurements) {
            Work w = workOf.apply(m);
            double ratio = w != null && w.isFlops()
                    ? w.perSecond(m.secondsPerOp()) / ysRate
                    : ys.secondsPerOp() / m.secondsPerOp();
            Row row = new Row(m, w, ratio, extras.getOrDefault(m.key(), Map.of()));
            rows.add(row);
            if (yardstickRow == null && m.key().equals(yardstickKey)) {
                yardstickRow = row;
            }
        }
        return new Report(yardstickKey, yardstickRow, rows);
    }

    /** Key of the yardstick result. */
    public String yardstickKey() {
        return yardstickKey;
    }

    /** The yardstick row. */
    public Row yardstick() {
        return yardstick;
    }

    /** The yardstick's achieved GFLOP/s. */
    public double yardstickGflops() {
        return yardstick.rate() / 1e9;
    }

    /** All rows in measurement order. */
    public List<Row> rows() {
        return rows;
    }

    /**
     * The row of a key.
     *
     * @param key a result key
     * @return the row, or null if the run did not measure it
     */
    public Row row(String key) {
        return rows.stream().filter(r -> r.key().equals(key)).findFirst().orElse(null);
    }

    /** Adds a highlight line shown above the table (e.g. a target check). */
    public void addNote(String note) {
        notes.add(Objects.requireNonNull(note));
    }

    /** Highlight lines, in order. */
    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }
}
