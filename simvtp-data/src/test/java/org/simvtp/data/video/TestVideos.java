package org.simvtp.data.video;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test clips with known content: smooth moving gradients plus a per-frame blue level, so every frame differs
 * clearly from its neighbours and lossy codecs reproduce it closely. Written in-process with {@link VideoWriter}.
 */
public final class TestVideos {
    private TestVideos() {}

    /** The source frames of a test clip. */
    public static DecodedClip source(int frames, int width, int height) {
        byte[] data = new byte[frames * height * width * 3];
        int i = 0;
        for (int f = 0; f < frames; f++) {
            int blue = 28 + (f * 37) % 200;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    data[i++] = (byte) (128 + 100 * Math.sin((x + 3.0 * f) / 15.0));
                    data[i++] = (byte) (128 + 100 * Math.cos((y - 2.0 * f) / 11.0));
                    data[i++] = (byte) blue;
                }
            }
        }
        return DecodedClip.of(data, frames, height, width);
    }

    /** Writes (once per directory) a test clip at 25 fps. */
    public static Path write(Path dir, VideoCodec codec, int frames, int width, int height, int gop) {
        Path out = dir.resolve("clip-" + codec.name().toLowerCase() + "-" + frames + "-" + width + "x" + height + "-g"
                + gop + "." + codec.extension());
        if (!Files.exists(out)) {
            VideoWriter.write(source(frames, width, height), 25, codec, gop, out);
        }
        return out;
    }

    /** Mean absolute difference of two equally sized clips, in 0..255 units. */
    public static double meanAbsDiff(DecodedClip a, DecodedClip b) {
        if (a.data().length != b.data().length) {
            throw new IllegalArgumentException(a + " vs " + b);
        }
        long sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            sum += Math.abs((a.data()[i] & 0xFF) - (b.data()[i] & 0xFF));
        }
        return sum / (double) a.data().length;
    }
}
