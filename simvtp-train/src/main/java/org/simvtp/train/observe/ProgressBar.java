package org.simvtp.train.observe;

import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.simvtp.train.StepRecord;
import org.simvtp.train.TrainingListener;
import org.simvtp.train.TrainingSummary;

/**
 * A one-line training progress display: step, percentage bar, clips/s and ETA over the last steps, learning rate,
 * gradient norm and the loss components, e.g.
 *
 * <pre>
 * step 120/1000  12% [##........]  3.4 clips/s  ETA 4m19s  lr 1.20e-04  gn 1.31 | loss 5.12 | v 0.98 t 3.10 vtc 0.80 vtm 0.70
 * </pre>
 *
 * <p>On a terminal ({@code System.console() != null}) the line is redrawn in place with {@code '\r'} after every
 * step. Otherwise (CI logs, files) a full line is printed for the first and the last step, for every step that is a
 * multiple of {@code everySteps}, and whenever {@code minIntervalSeconds} seconds have passed since the last
 * printed line. Checkpoints are announced on their own line, and {@link #onEnd} prints a final line with
 * the totals. Throughput and ETA use the {@link StepRecord#seconds()} of the last 20 steps.
 *
 * <pre>{@code
 * Trainer<SimvtpPretrainModel, PretrainBatch> trainer = Trainer.builder(task).addListener(new ProgressBar(System.out)).build();
 * ProgressBar ci = ProgressBar.builder(System.err).optInteractive(false).optEverySteps(50).build();
 * }</pre>
 */
public final class ProgressBar implements TrainingListener {

    private static final int WINDOW = 20;

    private final PrintStream out;
    private final boolean interactive;
    private final long everySteps;
    private final long minIntervalNanos;
    private final int barWidth;
    private final LongSupplier clock;
    private final Deque<StepRecord> window = new ArrayDeque<>();
    private long startStep;
    private long lastPrintNanos;
    private int lastLength;
    private long skipped;

    /** A progress bar on {@code out}, interactive when a console is attached, otherwise every 10 s. */
    public ProgressBar(PrintStream out) {
        this(builder(out));
    }

    /** Whether stdout is a terminal: JDK 22+ has a console even when piped, so ask it (Console.isTerminal). */
    @SuppressWarnings("SystemConsoleNull") // null is only the first test; isTerminal handles JDK 22+
    private static boolean consoleIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before JDK 22 there is a console only on a terminal
        }
    }

    private ProgressBar(Builder b) {
        out = b.out;
        interactive = b.interactive != null ? b.interactive : consoleIsTerminal();
        everySteps = b.everySteps;
        minIntervalNanos = (long) (b.minIntervalSeconds * 1e9);
        barWidth = b.barWidth;
        clock = b.clock;
    }

    /**
     * A builder printing to {@code out}.
     *
     * @param out where lines go (usually {@code System.out} or {@code System.err})
     * @return the builder
     */
    public static Builder builder(PrintStream out) {
        return new Builder(out);
    }

    /** Whether the line is redrawn in place. */
    public boolean interactive() {
        return interactive;
    }

    @Override
    public void onStart(long start, long totalSteps) {
        startStep = start;
        lastPrintNanos = clock.getAsLong();
        window.clear();
        skipped = 0;
        lastLength = 0;
        if (start > 0) {
            println(String.format(Locale.ROOT, "resuming at step %d/%d", start, totalSteps));
        }
    }

    @Override
    public void onStep(StepRecord record) {
        window.addLast(record);
        if (window.size() > WINDOW) {
            window.removeFirst();
        }
        skipped += record.skipped() ? 1 : 0;
        long now = clock.getAsLong();
        if (interactive) {
            redraw(line(record));
            lastPrintNanos = now;
        } else if (record.step() == startStep + 1
                || record.step() >= record.totalSteps()
                || record.step() % everySteps == 0
                || now - lastPrintNanos >= minIntervalNanos) {
            out.println(line(record));
            out.flush();
            lastPrintNanos = now;
        }
    }

    @Override
    public void onCheckpoint(long step, Path directory) {
        println("checkpoint at step " + step + ": " + directory);
    }

    @Override
    public void onEnd(TrainingSummary summary) {
        StringBuilder s = new StringBuilder();
        long steps = summary.finalStep() - summary.startStep();
        s.append(String.format(
                Locale.ROOT,
                "done %d steps (%d->%d) in %s  %.1f clips/s  %d clips  %d skipped",
                steps,
                summary.startStep(),
                summary.finalStep(),
                duration(summary.seconds()),
                summary.samplesPerSecond(),
                summary.samples(),
                summary.skippedSteps()));
        if (!summary.lastLosses().isEmpty()) {
            s.append(losses(summary.lastLosses()));
        }
        println(s.toString());
    }

    /**
     * The progress line for {@code record} given the steps seen so far (no '\r', no newline).
     *
     * @param record the newest step
     * @return the line
     */
    String line(StepRecord record) {
        long total = record.totalSteps();
        double fraction = total > 0 ? Math.min(1.0, (double) record.step() / total) : 0;
        double seconds = 0;
        long samples = 0;
        for (StepRecord r : window) {
            seconds += r.seconds();
            samples += r.samples();
        }
        StringBuilder s = new StringBuilder(160);
        s.append(String.format(
                Locale.ROOT,
                "step %d/%d %3d%% [%s]",
                record.step(),
                total,
                (int) Math.floor(fraction * 100),
                bar(fraction)));
        if (seconds > 0) {
            double perStep = seconds / window.size();
            s.append(String.format(
                    Locale.ROOT,
                    "  %.1f clips/s  ETA %s",
                    samples / seconds,
                    duration(perStep * Math.max(0, total - record.step()))));
        }
        s.append(String.format(Locale.ROOT, "  lr %.2e", record.learningRate()));
        if (Double.isFinite(record.gradientNorm())) {
            s.append("  gn ").append(number(record.gradientNorm()));
        }
        if (skipped > 0) {
            s.append("  skipped ").append(skipped);
        }
        s.append(losses(record.losses()));
        return s.toString();
    }

    /** {@code " | loss 5.12 | v 0.98 t 3.10 vtc 0.80 vtm 0.70"}, or {@code ""} without losses. */
    static String losses(Map<String, Double> losses) {
        List<String> names = LossNames.ordered(losses);
        StringBuilder s = new StringBuilder();
        StringBuilder parts = new StringBuilder();
        for (String name : names) {
            String item = LossNames.label(name) + " " + number(losses.get(name));
            if (name.equals("loss")) {
                s.append(" | ").append(item);
            } else {
                parts.append(parts.length() == 0 ? "" : " ").append(item);
            }
        }
        if (parts.length() > 0) {
            s.append(" | ").append(parts);
        }
        return s.toString();
    }

    private String bar(double fraction) {
        int filled = (int) Math.floor(fraction * barWidth);
        return "#".repeat(filled) + ".".repeat(barWidth - filled);
    }

    private void redraw(String line) {
        int pad = Math.max(0, lastLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastLength = line.length();
    }

    /** Prints a line of its own, ending an in-place line first. */
    private void println(String line) {
        if (interactive && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
        out.println(line);
        out.flush();
    }

    /** 2 decimals from 0.1 to 100, 1 decimal above, 3 significant digits below; {@code nan}, {@code inf}. */
    static String number(Double value) {
        if (value == null || value.isNaN()) {
            return "nan";
        }
        if (value.isInfinite()) {
            return value > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(value);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (a >= 0.1 || a == 0) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    /**
     * A duration as the progress line writes it: {@code 12s}, {@code 4m05s}, {@code 3h07m}, {@code 2d04h}
     * ({@code ?} when unknown).
     *
     * @param seconds the duration
     * @return the text
     */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, (s % 86400) / 3600);
    }

    /** Builder of {@link ProgressBar}. */
    public static final class Builder {
        private final PrintStream out;
        private Boolean interactive;
        private long everySteps = 100;
        private double minIntervalSeconds = 10;
        private int barWidth = 20;
        private LongSupplier clock = System::nanoTime;

        private Builder(PrintStream out) {
            this.out = Objects.requireNonNull(out, "out");
        }

        /** Forces in-place redrawing on or off (default: on when {@code System.console() != null}). */
        public Builder optInteractive(boolean value) {
            interactive = value;
            return this;
        }

        /** Non-interactive mode: print at every multiple of {@code steps} (default 100). */
        public Builder optEverySteps(long steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("everySteps must be >= 1, got " + steps);
            }
            everySteps = steps;
            return this;
        }

        /** Non-interactive mode: print when this many seconds passed since the last line (default 10). */
        public Builder optMinIntervalSeconds(double seconds) {
            if (!(seconds >= 0)) {
                throw new IllegalArgumentException("minIntervalSeconds must be >= 0, got " + seconds);
            }
            minIntervalSeconds = seconds;
            return this;
        }

        /** Characters of the bar (default 20). */
        public Builder optBarWidth(int width) {
            if (width < 1) {
                throw new IllegalArgumentException("barWidth must be >= 1, got " + width);
            }
            barWidth = width;
            return this;
        }

        /** The clock of the time-based printing, in nanoseconds (default {@link System#nanoTime()}). */
        public Builder optClock(LongSupplier nanos) {
            clock = Objects.requireNonNull(nanos, "clock");
            return this;
        }

        /** Builds the progress bar. */
        public ProgressBar build() {
            return new ProgressBar(this);
        }
    }
}
