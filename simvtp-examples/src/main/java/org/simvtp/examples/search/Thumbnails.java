package org.simvtp.examples.search;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.VideoDecoder;
import org.simvtp.data.video.VideoInfo;

/**
 * PNG thumbnails of single video frames, decoded with {@link VideoDecoder} and scaled to at most {@code maxWidth}
 * pixels wide; the most recent {@value #CACHED} are kept in memory.
 *
 * <pre>{@code
 * byte[] png = new Thumbnails(240).png(Path.of("clip.mp4"), 1.5);   // the frame at 1.5 s
 * }</pre>
 */
final class Thumbnails {

    static final int CACHED = 256;

    private final int maxWidth;
    private final Map<String, byte[]> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED;
        }
    };

    Thumbnails(int maxWidth) {
        this.maxWidth = maxWidth;
    }

    /**
     * The frame shown at {@code seconds}, or the middle frame when {@code seconds} is negative, as PNG.
     *
     * @param video the video file
     * @param seconds time from the start; clamped to the video
     * @return PNG bytes
     * @throws org.simvtp.core.spi.MediaException if the video cannot be decoded
     */
    byte[] png(Path video, double seconds) {
        String key = video + "@" + seconds;
        synchronized (cache) {
            byte[] hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        byte[] png;
        try (VideoDecoder decoder = VideoDecoder.open(video)) {
            VideoInfo info = decoder.info();
            int frame = seconds < 0
                    ? info.frameCount() / 2
                    : (int) Math.min(info.frameCount() - 1, Math.max(0, Math.round(seconds * info.fps())));
            int width = Math.min(maxWidth, info.width());
            int height = Math.max(2, (int) Math.round((double) info.height() * width / info.width()));
            png = encode(decoder.decode(new int[] {frame}, width, height));
        }
        synchronized (cache) {
            cache.put(key, png);
        }
        return png;
    }

    /** The first frame of a clip as PNG. */
    static byte[] encode(DecodedClip clip) {
        BufferedImage image = new BufferedImage(clip.width(), clip.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = clip.data();
        for (int y = 0; y < clip.height(); y++) {
            for (int x = 0; x < clip.width(); x++) {
                int i = (y * clip.width() + x) * 3;
                image.setRGB(x, y, ((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
