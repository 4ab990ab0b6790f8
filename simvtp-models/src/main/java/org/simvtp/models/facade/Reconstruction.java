package org.simvtp.models.facade;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.simvtp.core.masking.VideoMask;

/**
 * The result of {@link Simvtp#reconstruct}: three versions of the clip (original, visible patches only,
 * reconstruction) as RGB values in {@code [0, 1]}, laid out {@code [3, T, H, W]}, and three captions (original,
 * masked, predicted). Immutable; array accessors return copies.
 *
 * <pre>{@code
 * Reconstruction r = simvtp.reconstruct(Path.of("clip.mp4"), "a group of cars are driving down a road");
 * r.writePng(Path.of("reconstruction.png"));   // rows: original | visible | reconstruction, labelled
 * System.out.println(r.summary());             // the three captions
 * }</pre>
 */
public final class Reconstruction {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final int frames;
    private final int height;
    private final int width;
    private final float[] original;
    private final float[] masked;
    private final float[] reconstructed;
    private final VideoMask videoMask;
    private final String caption;
    private final String maskedCaption;
    private final String predictedCaption;
    private final String predictedText;
    private final int maskedTextTokens;
    private final ReconstructionOptions options;

    /** The row labels of the image, top to bottom. */
    static final String[] ROW_LABELS = {"original", "visible", "reconstruction"};

    Reconstruction(
            int frames,
            int height,
            int width,
            float[] original,
            float[] masked,
            float[] reconstructed,
            VideoMask videoMask,
            String caption,
            String maskedCaption,
            String predictedCaption,
            String predictedText,
            int maskedTextTokens,
            ReconstructionOptions options) {
        this.frames = frames;
        this.height = height;
        this.width = width;
        this.original = original;
        this.masked = masked;
        this.reconstructed = reconstructed;
        this.videoMask = videoMask;
        this.caption = caption;
        this.maskedCaption = maskedCaption;
        this.predictedCaption = predictedCaption;
        this.predictedText = predictedText;
        this.maskedTextTokens = maskedTextTokens;
        this.options = options;
    }

    /**
     * Number of frames T.
     *
     * @return T
     */
    public int frames() {
        return frames;
    }

    /**
     * Frame height H.
     *
     * @return H
     */
    public int height() {
        return height;
    }

    /**
     * Frame width W.
     *
     * @return W
     */
    public int width() {
        return width;
    }

    /**
     * The input clip, de-normalised: {@code [3, T, H, W]} in {@code [0, 1]}.
     *
     * @return a copy
     */
    public float[] original() {
        return original.clone();
    }

    /**
     * The visible patches only (masked patches black).
     *
     * @return a copy, {@code [3, T, H, W]}
     */
    public float[] masked() {
        return masked.clone();
    }

    /**
     * Visible patches from the input, masked patches from the decoder.
     *
     * @return a copy, {@code [3, T, H, W]}
     */
    public float[] reconstructed() {
        return reconstructed.clone();
    }

    /**
     * The tube mask used (one sample, {@code true} = masked).
     *
     * @return the mask
     */
    public VideoMask videoMask() {
        return videoMask;
    }

    /**
     * The caption as given.
     *
     * @return the caption
     */
    public String caption() {
        return caption;
    }

    /**
     * The tokenised caption with masked positions shown as {@code [mask]}.
     *
     * @return vocabulary pieces joined by spaces
     */
    public String maskedCaption() {
        return maskedCaption;
    }

    /**
     * The caption with the argmax prediction at every masked position.
     *
     * @return vocabulary pieces joined by spaces, {@code [CLS]}/{@code [SEP]} included (as the reference prints)
     */
    public String predictedCaption() {
        return predictedCaption;
    }

    /**
     * The predicted caption decoded as text (word pieces merged, special tokens dropped).
     *
     * @return the text
     */
    public String predictedText() {
        return predictedText;
    }

    /**
     * Number of caption tokens that were masked.
     *
     * @return the count
     */
    public int maskedTextTokens() {
        return maskedTextTokens;
    }

    /**
     * The three captions, one per line, as the reference visualisation prints them.
     *
     * @return the text
     */
    public String summary() {
        return "original:  " + caption + System.lineSeparator() + "masked:    " + maskedCaption + System.lineSeparator()
                + "predicted: " + predictedCaption;
    }

    /**
     * Draws the grid as the options of {@link Simvtp#reconstruct} ask: by default each frame enlarged (nearest
     * neighbour) to at least {@value ReconstructionOptions#MIN_FRAME_PIXELS} pixels and a left margin naming the
     * rows; with {@link ReconstructionOptions.Builder#optNativeSize()} the {@code T·W × 3·H} grid.
     *
     * @return an RGB image
     * @see #toImage(int, boolean)
     */
    public BufferedImage toImage() {
        return toImage(options.scaleFor(Math.min(height, width)), options.labels());
    }

    /**
     * Draws the grid: rows original | visible patches | reconstruction, one column per frame, no gaps; every model
     * pixel becomes a {@code scale × scale} square (nearest neighbour). With {@code labels}, a white margin of
     * {@link #labelMarginWidth(int)} pixels on the left names the rows (drawn with java.awt in headless mode; if
     * no font can be rendered the margin stays blank).
     *
     * @param scale the enlargement factor, at least 1
     * @param labels whether to add the label margin
     * @return an RGB image of {@code margin + T·W·scale × 3·H·scale} pixels
     */
    public BufferedImage toImage(int scale, boolean labels) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        int margin = labels ? labelMarginWidth(scale) : 0;
        int cellW = width * scale;
        int cellH = height * scale;
        BufferedImage image = new BufferedImage(margin + frames * cellW, 3 * cellH, BufferedImage.TYPE_INT_RGB);
        float[][] rows = {original, masked, reconstructed};
        int plane = frames * height * width;
        int[] line = new int[frames * cellW];
        for (int r = 0; r < rows.length; r++) {
            for (int y = 0; y < height; y++) {
                for (int t = 0; t < frames; t++) {
                    for (int x = 0; x < width; x++) {
                        int i = (t * height + y) * width + x;
                        int rgb = (toByte(rows[r][i]) << 16)
                                | (toByte(rows[r][plane + i]) << 8)
                                | toByte(rows[r][2 * plane + i]);
                        int start = t * cellW + x * scale;
                        Arrays.fill(line, start, start + scale, rgb);
                    }
                }
                for (int dy = 0; dy < scale; dy++) {
                    image.setRGB(margin, r * cellH + y * scale + dy, line.length, 1, line, 0, line.length);
                }
            }
        }
        if (margin > 0) {
            drawLabels(image, margin, cellH, fontSize(scale));
        }
        return image;
    }

    /**
     * Width of the label margin of {@link #toImage(int, boolean)} for a scale: room for the longest label.
     *
     * @param scale the enlargement factor
     * @return the width in pixels
     */
    public int labelMarginWidth(int scale) {
        int size = fontSize(scale);
        // about 0.62 em per character of a bold sans-serif face, plus padding; independent of installed fonts
        return (int) Math.ceil(0.62 * size * ROW_LABELS[2].length()) + size;
    }

    private int fontSize(int scale) {
        return Math.max(10, Math.min(24, height * scale / 10));
    }

    private static void drawLabels(BufferedImage image, int margin, int cellH, int size) {
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, margin, image.getHeight());
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, size);
            FontMetrics fm = g.getFontMetrics(font);
            int widest = fm.stringWidth(ROW_LABELS[2]);
            if (widest > margin - size / 2) {
                font = font.deriveFont((float) size * (margin - size / 2) / widest);
                fm = g.getFontMetrics(font);
            }
            g.setFont(font);
            for (int r = 0; r < ROW_LABELS.length; r++) {
                int baseline = r * cellH + (cellH + fm.getAscent() - fm.getDescent()) / 2;
                g.drawString(ROW_LABELS[r], size / 4, baseline);
            }
        } catch (RuntimeException | LinkageError | InternalError e) {
            // no usable font (a JRE without fontconfig or fonts): the margin stays, unlabelled
        } finally {
            g.dispose();
        }
    }

    /**
     * Writes {@link #toImage()} as a PNG file (parent folders are created).
     *
     * @param file the file to write
     * @throws IOException if it cannot be written
     */
    public void writePng(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(toImage(), "png", file.toFile())) {
            throw new IOException("no PNG writer available to write " + file);
        }
    }

    private static int toByte(float v) {
        return Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
    }

    @Override
    public String toString() {
        return "Reconstruction{" + frames + " frames " + width + "x" + height + ", " + maskedTextTokens
                + " caption tokens masked}";
    }
}
