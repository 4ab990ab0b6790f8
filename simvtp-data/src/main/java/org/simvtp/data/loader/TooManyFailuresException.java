package org.simvtp.data.loader;

import java.util.stream.Collectors;

/**
 * More than the allowed fraction of attempted samples failed: the data set is probably broken or misconfigured
 * (wrong root, missing codec). The message names the counts and a few failing files.
 *
 * <pre>{@code
 * catch (TooManyFailuresException e) { System.err.println(e.stats().examples()); }
 * }</pre>
 */
public class TooManyFailuresException extends LoaderException {
    private static final long serialVersionUID = 1L;

    private final transient LoaderStats stats;

    /**
     * Creates the exception.
     *
     * @param stats the counters when the limit was exceeded
     * @param maxFraction the allowed fraction
     */
    public TooManyFailuresException(LoaderStats stats, double maxFraction) {
        super(String.format(
                "%d of %d attempted samples failed (%.1f%% > allowed %.1f%%) %s; e.g. %s",
                stats.failed(),
                stats.attempted(),
                100 * stats.failureFraction(),
                100 * maxFraction,
                stats.failuresByReason(),
                stats.examples().stream().map(SampleFailure::toString).collect(Collectors.joining("; "))));
        this.stats = stats;
    }

    /**
     * The counters when the limit was exceeded.
     *
     * @return the stats
     */
    public LoaderStats stats() {
        return stats;
    }
}
