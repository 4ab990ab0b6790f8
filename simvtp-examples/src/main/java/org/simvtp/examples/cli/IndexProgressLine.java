package org.simvtp.examples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.simvtp.models.facade.IndexProgress;
import org.simvtp.train.observe.ProgressBar;

/**
 * The progress line of {@code simvtp index} on stderr, e.g.
 *
 * <pre>
 * index 12/40 files  30% [######..............]  96 windows  14.2 windows/s  ETA 1m05s
 * </pre>
 *
 * <p>The ETA extrapolates the time per finished file (formatted like the training {@link ProgressBar}). A line is
 * printed for the first and the last file and otherwise at most every {@code intervalSeconds}.
 */
final class IndexProgressLine implements IndexProgress {

    private static final int BAR = 20;

    private final PrintStream out;
    private final double intervalSeconds;
    private final LongSupplier clock;
    private long lastNanos = Long.MIN_VALUE;

    IndexProgressLine(PrintStream out, double intervalSeconds, LongSupplier clock) {
        this.out = out;
        this.intervalSeconds = intervalSeconds;
        this.clock = clock;
    }

    @Override
    public void fileDone(Path file, int done, int total, long windows, double seconds) {
        long now = clock.getAsLong();
        if (done == 1 || done == total || lastNanos == Long.MIN_VALUE || now - lastNanos >= intervalSeconds * 1e9) {
            out.println(line(done, total, windows, seconds));
            out.flush();
            lastNanos = now;
        }
    }

    /** The line after {@code done} of {@code total} files. */
    static String line(int done, int total, long windows, double seconds) {
        double fraction = total == 0 ? 1 : (double) done / total;
        int filled = (int) Math.floor(fraction * BAR);
        double eta = done == 0 ? Double.NaN : seconds / done * (total - done);
        return String.format(
                Locale.ROOT,
                "index %d/%d files %3d%% [%s]  %d windows  %.1f windows/s  ETA %s",
                done,
                total,
                (int) Math.floor(fraction * 100),
                "#".repeat(filled) + ".".repeat(BAR - filled),
                windows,
                seconds > 0 ? windows / seconds : 0.0,
                ProgressBar.duration(eta));
    }
}
