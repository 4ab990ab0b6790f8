package org.simvtp.train.observe;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.simvtp.train.StepRecord;
import org.simvtp.train.TrainingListener;
import org.simvtp.train.TrainingSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PNG of a training run: the loss components against the step (top two thirds, one line per component, total
 * {@code loss} first) and the learning rate (bottom third). With smoothing {@code α > 0} each loss is drawn as a
 * debiased exponential moving average {@code s_t = α·s_{t−1} + (1−α)·x_t} (divided by {@code 1 − α^t}) over its
 * raw values drawn faintly. Skipped steps (non-finite losses) leave gaps.
 *
 * <pre>{@code
 * LossPlot.write(summary.history(), runDir.resolve("loss.png"));
 * TrainingListener plotAtEnd = LossPlot.builder().optSmoothing(0.6).build().listener(runDir.resolve("loss.png"));
 * }</pre>
 */
public final class LossPlot {

    private static final Logger LOG = LoggerFactory.getLogger(LossPlot.class);
    /** Common y-axis width, so that the panels' step axes line up. */
    private static final int AXIS_WIDTH = 80;

    static {
        LinePlot.ensureHeadless();
    }

    private final int width;
    private final int height;
    private final double smoothing;
    private final String title;

    private LossPlot(Builder b) {
        width = b.width;
        height = b.height;
        smoothing = b.smoothing;
        title = b.title;
    }

    /** A builder: 1000 × 700 pixels, no smoothing, title "training loss". */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the default plot of {@code records} to {@code png}.
     *
     * @param records steps in order (at least one)
     * @param png target file (parent directories are created)
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(List<StepRecord> records, Path png) {
        builder().build().writePng(records, png);
    }

    /**
     * Renders and writes the plot.
     *
     * @param records steps in order (at least one)
     * @param png target file (parent directories are created)
     * @throws UncheckedIOException if the file cannot be written
     */
    public void writePng(List<StepRecord> records, Path png) {
        try {
            LinePlot.writePng(render(records), png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write loss plot " + png, e);
        }
    }

    /**
     * Renders the two panels.
     *
     * @param records steps in order (at least one)
     * @return an RGB image of the configured size
     */
    public BufferedImage render(List<StepRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no training steps to plot");
        }
        int n = records.size();
        double[] steps = new double[n];
        double[] lr = new double[n];
        Map<String, Double> names = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            StepRecord r = records.get(i);
            steps[i] = r.step();
            lr[i] = r.learningRate();
            r.losses().keySet().forEach(k -> names.put(k, 0.0));
        }
        LinePlot.Builder losses =
                LinePlot.builder().optTitle(title).optYLabel("loss").optAxisWidth(AXIS_WIDTH);
        List<String> ordered = LossNames.ordered(names);
        for (int c = 0; c < ordered.size(); c++) {
            String name = ordered.get(c);
            double[] raw = new double[n];
            for (int i = 0; i < n; i++) {
                Double v = records.get(i).losses().get(name);
                raw[i] = v == null || records.get(i).skipped() ? Double.NaN : v;
            }
            Color color = LinePlot.paletteColor(c);
            if (smoothing > 0) {
                losses.addSeries(new LinePlot.Series(
                        null, steps, raw, new Color(color.getRed(), color.getGreen(), color.getBlue(), 70), 1f));
                losses.addSeries(new LinePlot.Series(name, steps, smooth(raw, smoothing), color, 2f));
            } else {
                losses.addSeries(new LinePlot.Series(name, steps, raw, color, 1.5f));
            }
        }
        LinePlot rate = LinePlot.builder()
                .optXLabel("step")
                .optYLabel("learning rate")
                .optAxisWidth(AXIS_WIDTH)
                .addSeries(new LinePlot.Series("lr", steps, lr, Color.DARK_GRAY, 1.5f))
                .build();

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(LinePlot.BACKGROUND);
            g.fillRect(0, 0, width, height);
            int top = height * 2 / 3;
            losses.build().draw(g, 0, 0, width, top);
            rate.draw(g, 0, top, width, height - top);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * A listener that writes the plot of the run's history at {@link TrainingListener#onEnd}; a failure is
     * logged, never thrown.
     *
     * @param png target file
     * @return the listener
     */
    public TrainingListener listener(Path png) {
        return new TrainingListener() {
            @Override
            public void onEnd(TrainingSummary summary) {
                if (summary.history().isEmpty()) {
                    return;
                }
                try {
                    writePng(summary.history(), png);
                } catch (RuntimeException e) {
                    LOG.warn("cannot write the loss plot {}", png, e);
                }
            }
        };
    }

    /** Debiased exponential moving average; non-finite inputs stay gaps and do not enter the average. */
    static double[] smooth(double[] values, double alpha) {
        double[] out = new double[values.length];
        double average = 0;
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                out[i] = Double.NaN;
                continue;
            }
            average = alpha * average + (1 - alpha) * values[i];
            count++;
            out[i] = average / (1 - Math.pow(alpha, count));
        }
        return out;
    }

    /** Builder of {@link LossPlot}. */
    public static final class Builder {
        private int width = 1000;
        private int height = 700;
        private double smoothing;
        private String title = "training loss";

        private Builder() {}

        /** Image size in pixels (default 1000 × 700; at least 200 × 150). */
        public Builder optSize(int w, int h) {
            if (w < 200 || h < 150) {
                throw new IllegalArgumentException("plot size must be at least 200x150, got " + w + "x" + h);
            }
            width = w;
            height = h;
            return this;
        }

        /** Exponential smoothing factor α in [0, 1) (default 0 = raw values; 0.6 is a light smoothing). */
        public Builder optSmoothing(double alpha) {
            if (!(alpha >= 0 && alpha < 1)) {
                throw new IllegalArgumentException("smoothing must be in [0, 1), got " + alpha);
            }
            smoothing = alpha;
            return this;
        }

        /** Title of the loss panel. */
        public Builder optTitle(String value) {
            title = value;
            return this;
        }

        /** Builds the plot settings. */
        public LossPlot build() {
            return new LossPlot(this);
        }
    }
}
