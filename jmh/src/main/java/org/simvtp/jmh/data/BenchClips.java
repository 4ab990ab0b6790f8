package org.simvtp.jmh.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.VideoCodec;
import org.simvtp.data.video.VideoWriter;

/**
 * Test clips for the data benchmarks: a textured background panning diagonally (2 px right, 1 px down per frame)
 * with a bright square crossing it, rendered in memory and encoded with {@link VideoWriter} (H.264 through
 * libopenh264 at its 4 Mbit/s setting). Unlike a flat synthetic shape, the texture gives the decoder real residuals
 * and motion vectors to work on, so decode times are in the range of camera footage of the same size.
 *
 * <pre>{@code
 * Path dir = BenchClips.tempDir("decode");
 * Path clip = BenchClips.write(dir.resolve("clip.mp4"), 640, 480, 250, 25, 12); // 10 s, keyframe every 12
 * BenchClips.deleteTree(dir);
 * }</pre>
 */
public final class BenchClips {

    private BenchClips() {}

    /**
     * Renders the moving pattern.
     *
     * @param width frame width (even)
     * @param height frame height (even)
     * @param frames number of frames
     * @return RGB frames {@code [frames, height, width, 3]}
     */
    public static DecodedClip render(int width, int height, int frames) {
        int texW = width + 2 * frames;
        int texH = height + frames;
        byte[] texture = texture(texW, texH);
        byte[] data = new byte[frames * height * width * 3];
        int side = Math.max(8, height / 6);
        for (int f = 0; f < frames; f++) {
            int base = f * height * width * 3;
            for (int y = 0; y < height; y++) {
                System.arraycopy(texture, ((y + f) * texW + 2 * f) * 3, data, base + y * width * 3, width * 3);
            }
            int x0 = (int) ((long) (width - side) * f / Math.max(1, frames - 1));
            int y0 = (height - side) / 2;
            for (int y = y0; y < y0 + side; y++) {
                java.util.Arrays.fill(
                        data, base + (y * width + x0) * 3, base + (y * width + x0 + side) * 3, (byte) 230);
            }
        }
        return DecodedClip.of(data, frames, height, width);
    }

    /**
     * Renders and encodes a clip as H.264.
     *
     * @param out the file to write ({@code .mp4})
     * @param width frame width (even)
     * @param height frame height (even)
     * @param frames number of frames
     * @param fps frame rate
     * @param gop keyframe interval in frames
     * @return {@code out}
     */
    public static Path write(Path out, int width, int height, int frames, int fps, int gop) {
        VideoWriter.write(render(width, height, frames), fps, VideoCodec.H264, gop, out);
        return out;
    }

    /**
     * A new temporary directory.
     *
     * @param prefix name prefix
     * @return the directory
     */
    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory("simvtp-jmh-" + prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the benchmark clips", e);
        }
    }

    /**
     * Deletes a directory and everything in it; a missing directory is fine.
     *
     * @param dir the directory
     */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark clips under " + dir, e);
        }
    }

    /** Smooth sinusoidal colour fields plus fixed fine-grained noise (the "grain" an encoder must keep). */
    private static byte[] texture(int w, int h) {
        byte[] t = new byte[w * h * 3];
        SplittableRandom noise = new SplittableRandom(11);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                double a = Math.sin(x / 23.0 + Math.sin(y / 41.0) * 2.0);
                double b = Math.sin(y / 17.0 + Math.cos(x / 53.0) * 2.0);
                int grain = noise.nextInt(25) - 12;
                t[p] = clamp(128 + 90 * a + grain);
                t[p + 1] = clamp(128 + 90 * b + grain);
                t[p + 2] = clamp(128 + 60 * (a * b) + grain);
            }
        }
        return t;
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
    }
}
