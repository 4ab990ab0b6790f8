package org.simvtp.models.facade;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.simvtp.core.masking.VideoMask;

/**
 * The result of {@link Simvtp#reconstruct}: three versions of the clip (original, visible patches only,
 * reconstruction) as RGB values in {@code [0, 1]}, laid out {@code [3, T, H, W]}, and three captions (original,
 * masked, predicted). Immutable; array accessors return copies.
 *
 * <pre>{@code
 * Reconstruction r = simvtp.reconstruct(Path.of("clip.mp4"), "a group of cars are driving down a road");
 * r.writePng(Path.of("reconstruction.png"));   // rows: original | masked | reconstruction
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

    Reconstruction(int frames, int height, int width, float[] original, float[] masked, float[] reconstructed,
            VideoMask videoMask, String caption, String maskedCaption, String predictedCaption, String predictedText,
            int maskedTextTokens) {
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
        return "original:  " + caption + System.lineSeparator() + "masked:    " + maskedCaption
                + System.lineSeparator() + "predicted: " + predictedCaption;
    }

    /**
     * Draws the grid: rows original | masked | reconstruction, one column per frame, no gaps.
     *
     * @return an RGB image of {@code T·W × 3·H} pixels
     */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(frames * width, 3 * height, BufferedImage.TYPE_INT_RGB);
        float[][] rows = {original, masked, reconstructed};
        int plane = frames * height * width;
        for (int r = 0; r < rows.length; r++) {
            for (int t = 0; t < frames; t++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int i = (t * height + y) * width + x;
                        int rgb = (toByte(rows[r][i]) << 16) | (toByte(rows[r][plane + i]) << 8)
                                | toByte(rows[r][2 * plane + i]);
                        image.setRGB(t * width + x, r * height + y, rgb);
                    }
                }
            }
        }
        return image;
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
