package org.simvtp.jmh.report;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One JMH result: which benchmark with which parameters, its average time per operation and, when JMH ran with
 * {@code -prof gc}, the Java-heap bytes allocated per operation.
 *
 * <pre>{@code
 * BenchResult m = new BenchResult("YardstickMatmulBenchmark.matmul2048", Map.of(), 0.1, 0.01, 1024);
 * m.key(); // "YardstickMatmulBenchmark.matmul2048"
 * }</pre>
 *
 * @param benchmark simple class name and method, e.g. {@code PretrainStepBenchmark.step}
 * @param params JMH parameters by name (sorted)
 * @param secondsPerOp mean seconds per operation
 * @param errorSecondsPerOp JMH's 99.9 % half-width in seconds (NaN if unknown)
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} in bytes per operation (NaN if not profiled)
 */
public record BenchResult(
        String benchmark,
        SortedMap<String, String> params,
        double secondsPerOp,
        double errorSecondsPerOp,
        double allocBytesPerOp) {

    /** Validates and copies. */
    public BenchResult {
        Objects.requireNonNull(benchmark, "benchmark");
        params = new TreeMap<>(params);
        if (!(secondsPerOp > 0) || Double.isInfinite(secondsPerOp)) {
            throw new IllegalArgumentException(
                    "benchmark " + benchmark + " has a non-positive time per operation: " + secondsPerOp);
        }
    }

    /** Convenience constructor from an unsorted parameter map. */
    public BenchResult(
            String benchmark,
            Map<String, String> params,
            double secondsPerOp,
            double errorSecondsPerOp,
            double allocBytesPerOp) {
        this(benchmark, new TreeMap<>(params), secondsPerOp, errorSecondsPerOp, allocBytesPerOp);
    }

    /** The identity of the result in reports and baselines, see {@link #key(String, Map)}. */
    public String key() {
        return key(benchmark, params);
    }

    /**
     * Formats a result key: {@code Class.method} or {@code Class.method[a=1,b=x]} with parameters sorted by name.
     *
     * @param benchmark simple class name and method
     * @param params parameters (any order)
     * @return the key
     */
    public static String key(String benchmark, Map<String, String> params) {
        if (params.isEmpty()) {
            return benchmark;
        }
        StringBuilder sb = new StringBuilder(benchmark).append('[');
        new TreeMap<>(params)
                .forEach((k, v) -> sb.append(k).append('=').append(v).append(','));
        sb.setCharAt(sb.length() - 1, ']');
        return sb.toString();
    }
}
