/**
 * Reserved for the data-pipeline benchmarks (clip decoding, frame sampling, the batch loader), to be added
 * together with the {@code simvtp-data} module.
 *
 * <p>How to add one: write a {@code @State}/{@code @Benchmark} class here with the suite's fork settings
 * ({@code @Fork(jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING})}, average time in
 * milliseconds), give it a {@code public static Work work(Map<String, String> params)} that returns the bytes
 * (or clips) one operation handles — decoded bytes per clip is the natural machine-independent figure — and
 * register it in {@link org.simvtp.jmh.WorkCatalog}. The report then shows its rate and its speed relative to
 * the yardstick, and the baseline comparison picks it up after the next {@code --write-baseline}.
 */
package org.simvtp.jmh.data;
