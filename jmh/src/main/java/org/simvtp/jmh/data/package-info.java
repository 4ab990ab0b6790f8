/**
 * Data-pipeline benchmarks: decoding and sampling a 10 s 640 × 480 H.264 clip
 * ({@link org.simvtp.jmh.data.ClipDecodeBenchmark}) and the batch loader's clips per second
 * ({@link org.simvtp.jmh.data.LoaderThroughputBenchmark}), on clips that {@link org.simvtp.jmh.data.BenchClips}
 * renders and encodes at set-up.
 *
 * <p>How to add one: write a {@code @State}/{@code @Benchmark} class here with the suite's fork settings
 * ({@code @Fork(jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING})}, average time in
 * milliseconds), give it a {@code public static Work work(Map<String, String> params)} that returns the bytes
 * (or clips) one operation handles — decoded bytes per clip is the natural machine-independent figure — and
 * register it in {@link org.simvtp.jmh.WorkCatalog}. The report then shows its rate and its speed relative to
 * the yardstick, and the baseline comparison picks it up after the next {@code --write-baseline}.
 *
 * <pre>{@code
 * jmh/run-benchmarks.sh --quick -- 'org.simvtp.jmh.data.*'
 * }</pre>
 */
package org.simvtp.jmh.data;
