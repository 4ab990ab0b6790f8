package org.simvtp.data.loader;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a loader's counters. Attempts are counted when their batch is delivered (so the counters, too,
 * are deterministic); prefetched samples not yet delivered are not included.
 *
 * <pre>{@code
 * LoaderStats s = loader.stats();
 * System.out.printf("%d loaded, %d failed (%.1f%%)%n", s.loaded(), s.failed(), 100 * s.failureFraction());
 * }</pre>
 *
 * @param attempted load attempts (loaded + failed)
 * @param loaded samples delivered
 * @param failed failed attempts (each was skipped and replaced)
 * @param failuresByReason failed attempts per reason (unmodifiable; reasons without failures are absent)
 * @param examples the first few failures (unmodifiable)
 */
public record LoaderStats(
        long attempted,
        long loaded,
        long failed,
        Map<FailureReason, Long> failuresByReason,
        List<SampleFailure> examples) {
    /** Makes the collections unmodifiable. */
    public LoaderStats {
        failuresByReason = Map.copyOf(failuresByReason);
        examples = List.copyOf(examples);
    }

    /**
     * Failed attempts over all attempts (0 when nothing was attempted).
     *
     * @return the fraction in {@code [0, 1]}
     */
    public double failureFraction() {
        return attempted == 0 ? 0 : (double) failed / attempted;
    }
}
