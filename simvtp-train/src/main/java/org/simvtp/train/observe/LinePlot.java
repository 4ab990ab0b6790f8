package org.simvtp.train.observe;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.simvtp.train.checkpoint.AtomicFiles;

/**
 * A small line chart drawn with {@code java.awt} (headless): one panel with a title, axes with "nice" tick values
 * (1, 2, 5 × 10ᵏ), light grid lines, one polyline per series (broken at non-finite values) and a legend in the top
 * right corner. Several panels can be drawn into one image with {@link #draw}. Loading this class sets
 * {@code java.awt.headless=true} unless the property is already set.
 *
 * <pre>{@code
 * LinePlot plot = LinePlot.builder().optTitle("accuracy").optXLabel("epoch")
 *         .addSeries("val", new double[] {1, 2, 3}, new double[] {0.5, 0.7, 0.8}).build();
 * LinePlot.writePng(plot.render(640, 400), Path.of("accuracy.png"));
 * }</pre>
 */
public final class LinePlot {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Background colour of rendered images. */
    public static final Color BACKGROUND = Color.WHITE;

    private static final Color[] PALETTE = {
        new Color(0x1f77b4),
        new Color(0xd62728),
        new Color(0x2ca02c),
        new Color(0xff7f0e),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0xe377c2),
        new Color(0x17becf)
    };
    private static final Color GRID = new Color(0xe6e6e6);
    private static final int MAX_TICKS = 6;

    /**
     * One line of the chart.
     *
     * @param name legend label, or null to leave it out of the legend
     * @param x x values
     * @param y y values, same length; non-finite values break the line
     * @param color line colour (may be translucent)
     * @param width line width in pixels
     */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of bulk arrays, never compared or hashed
    public record Series(String name, double[] x, double[] y, Color color, float width) {
        /** Checks the lengths. */
        public Series {
            Objects.requireNonNull(color, "color");
            if (x.length != y.length) {
                throw new IllegalArgumentException(
                        "series " + name + ": " + x.length + " x values but " + y.length + " y values");
            }
        }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series;
    private final int axisWidth;

    private LinePlot(Builder b) {
        axisWidth = b.axisWidth;
        title = b.title;
        xLabel = b.xLabel;
        yLabel = b.yLabel;
        series = List.copyOf(b.series);
    }

    /** Forces this class's initialisation, i.e. the headless default, before other AWT use. */
    static void ensureHeadless() {
        // the static initialiser did the work
    }

    /** A builder of an empty chart. */
    public static Builder builder() {
        return new Builder();
    }

    /** The i-th colour of the default palette (cycling). */
    public static Color paletteColor(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /**
     * Renders the chart alone into a new RGB image.
     *
     * @param width image width in pixels
     * @param height image height in pixels
     * @return the image
     */
    public BufferedImage render(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            draw(g, 0, 0, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Draws the chart into a rectangle of {@code g}.
     *
     * @param g graphics of the target image
     * @param left left edge
     * @param top top edge
     * @param width panel width
     * @param height panel height
     */
    public void draw(Graphics2D g, int left, int top, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        Axis xs = Axis.of(series, true);
        Axis ys = Axis.of(series, false);
        int labelWidth = 0;
        for (double v : ys.ticks) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(ys.format(v)));
        }
        int labelArea = labelWidth + (yLabel != null ? 2 * fm.getHeight() : fm.getHeight());
        int plotLeft = left + Math.max(axisWidth, labelArea);
        int plotTop = top + (title != null ? 2 * fm.getHeight() : fm.getHeight());
        int plotRight = left + width - 15;
        int plotBottom = top + height - (xLabel != null ? 3 * fm.getHeight() : 2 * fm.getHeight());
        if (plotRight - plotLeft < 10 || plotBottom - plotTop < 10) {
            throw new IllegalArgumentException("panel " + width + "x" + height + " is too small to draw a chart");
        }
        Frame frame = new Frame(plotLeft, plotTop, plotRight, plotBottom, xs, ys);

        g.setStroke(new BasicStroke(1f));
        for (double v : xs.ticks) {
            int px = frame.px(v);
            g.setColor(GRID);
            g.drawLine(px, plotTop, px, plotBottom);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(px, plotBottom, px, plotBottom + 4);
            String s = xs.format(v);
            g.drawString(s, px - fm.stringWidth(s) / 2, plotBottom + 4 + fm.getAscent());
        }
        for (double v : ys.ticks) {
            int py = frame.py(v);
            g.setColor(GRID);
            g.drawLine(plotLeft, py, plotRight, py);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(plotLeft - 4, py, plotLeft, py);
            String s = ys.format(v);
            g.drawString(s, plotLeft - 6 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(plotLeft, plotTop, plotRight - plotLeft, plotBottom - plotTop);
        if (title != null) {
            Font bold = g.getFont().deriveFont(Font.BOLD, 13f);
            g.setFont(bold);
            g.drawString(title, plotLeft, top + g.getFontMetrics().getAscent() + 2);
            g.setFont(bold.deriveFont(Font.PLAIN, 12f));
        }
        if (xLabel != null) {
            g.drawString(
                    xLabel,
                    (plotLeft + plotRight - fm.stringWidth(xLabel)) / 2,
                    plotBottom + 6 + fm.getHeight() + fm.getAscent());
        }
        if (yLabel != null) {
            Graphics2D r = (Graphics2D) g.create();
            r.rotate(-Math.PI / 2);
            r.drawString(yLabel, -(plotTop + plotBottom + fm.stringWidth(yLabel)) / 2, left + fm.getAscent());
            r.dispose();
        }
        Graphics2D clip = (Graphics2D) g.create();
        clip.clipRect(plotLeft, plotTop, plotRight - plotLeft + 1, plotBottom - plotTop + 1);
        for (Series s : series) {
            clip.setColor(s.color());
            clip.setStroke(new BasicStroke(s.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            clip.draw(frame.path(s));
        }
        clip.dispose();
        drawLegend(g, fm, plotRight, plotTop);
    }

    private void drawLegend(Graphics2D g, FontMetrics fm, int plotRight, int plotTop) {
        List<Series> named = new ArrayList<>();
        int textWidth = 0;
        for (Series s : series) {
            if (s.name() != null) {
                named.add(s);
                textWidth = Math.max(textWidth, fm.stringWidth(s.name()));
            }
        }
        if (named.isEmpty()) {
            return;
        }
        int line = fm.getHeight();
        int boxWidth = textWidth + 36;
        int boxLeft = plotRight - boxWidth - 8;
        int boxTop = plotTop + 8;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(boxLeft, boxTop, boxWidth, named.size() * line + 8);
        g.setColor(Color.GRAY);
        g.drawRect(boxLeft, boxTop, boxWidth, named.size() * line + 8);
        for (int i = 0; i < named.size(); i++) {
            Series s = named.get(i);
            int y = boxTop + 4 + i * line + line / 2;
            g.setColor(new Color(s.color().getRGB()));
            g.setStroke(new BasicStroke(3f));
            g.drawLine(boxLeft + 6, y, boxLeft + 24, y);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), boxLeft + 30, y + fm.getAscent() / 2 - 1);
        }
    }

    /**
     * Writes an image as PNG, atomically, creating the parent directories.
     *
     * @param image the image
     * @param png target file
     * @throws IOException if the file cannot be written
     */
    public static void writePng(RenderedImage image, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available for " + png);
            }
        });
    }

    /** Maps data coordinates into the pixel rectangle of the plot area. */
    private record Frame(int left, int top, int right, int bottom, Axis x, Axis y) {
        int px(double v) {
            return (int) Math.round(left + (v - x.min) / (x.max - x.min) * (right - left));
        }

        int py(double v) {
            return (int) Math.round(bottom - (v - y.min) / (y.max - y.min) * (bottom - top));
        }

        Path2D path(Series s) {
            Path2D.Double p = new Path2D.Double();
            boolean pen = false;
            for (int i = 0; i < s.x().length; i++) {
                double vx = s.x()[i];
                double vy = s.y()[i];
                if (!Double.isFinite(vx) || !Double.isFinite(vy)) {
                    pen = false;
                    continue;
                }
                double fx = left + (vx - x.min) / (x.max - x.min) * (right - left);
                double fy = bottom - (vy - y.min) / (y.max - y.min) * (bottom - top);
                if (pen) {
                    p.lineTo(fx, fy);
                } else {
                    p.moveTo(fx, fy);
                    pen = true;
                }
            }
            return p;
        }
    }

    /** An axis range widened to whole tick steps, with its ticks. */
    static final class Axis {
        final double min;
        final double max;
        final double step;
        final double[] ticks;

        private Axis(double lo, double hi) {
            if (!(hi > lo)) {
                double pad = lo == 0 ? 1 : Math.abs(lo) * 0.05;
                lo -= pad;
                hi += pad;
            }
            step = niceStep((hi - lo) / (MAX_TICKS - 1));
            min = Math.floor(lo / step) * step;
            max = Math.ceil(hi / step) * step;
            int n = (int) Math.round((max - min) / step) + 1;
            ticks = new double[n];
            for (int i = 0; i < n; i++) {
                ticks[i] = min + i * step;
            }
        }

        static Axis of(List<Series> series, boolean horizontal) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Series s : series) {
                for (int i = 0; i < s.x().length; i++) {
                    if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                        double v = horizontal ? s.x()[i] : s.y()[i];
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            return lo > hi ? new Axis(0, 1) : new Axis(lo, hi);
        }

        /** The smallest of 1, 2, 5 × 10ᵏ that is ≥ {@code raw}. */
        static double niceStep(double raw) {
            double exp = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / exp;
            double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
            return nice * exp;
        }

        /** A tick label with just enough decimals for the step; scientific for very small or large values. */
        String format(double v) {
            if (Math.abs(v) < step * 1e-6) {
                return "0";
            }
            double mag = Math.max(Math.abs(min), Math.abs(max));
            if (mag >= 1e6 || mag < 1e-3) {
                return String.format(Locale.ROOT, "%.1e", v);
            }
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    }

    /** Builder of {@link LinePlot}. */
    public static final class Builder {
        private String title;
        private String xLabel;
        private String yLabel;
        private final List<Series> series = new ArrayList<>();
        private int axisWidth;

        private Builder() {}

        /** Minimum pixels left of the plot area for the y labels, to align stacked panels (default 0 = fit). */
        public Builder optAxisWidth(int pixels) {
            axisWidth = Math.max(0, pixels);
            return this;
        }

        /** Panel title (default none). */
        public Builder optTitle(String value) {
            title = value;
            return this;
        }

        /** Label under the x axis (default none). */
        public Builder optXLabel(String value) {
            xLabel = value;
            return this;
        }

        /** Label left of the y axis (default none). */
        public Builder optYLabel(String value) {
            yLabel = value;
            return this;
        }

        /** Adds a series in the next palette colour, 1.5 px wide. */
        public Builder addSeries(String name, double[] x, double[] y) {
            return addSeries(new Series(name, x, y, paletteColor(series.size()), 1.5f));
        }

        /** Adds a series. */
        public Builder addSeries(Series s) {
            series.add(Objects.requireNonNull(s, "series"));
            return this;
        }

        /** Builds the chart. */
        public LinePlot build() {
            return new LinePlot(this);
        }
    }
}
