package org.simvtp.train.facade;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.synthetic.SyntheticSample;
import org.simvtp.data.synthetic.SyntheticVideoText;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.VideoCodec;
import org.simvtp.data.video.VideoWriter;

/** A tiny model configuration (with the real bert-base-uncased vocabulary) and synthetic video files. */
final class FacadeFixtures {

    /** Image 32, 4 frames, width 32, depth 2, 2 heads; vocabulary 30522 for the real tokenizer. */
    static final SimvtpConfig TINY = SimvtpConfig.builder()
            .optImageSize(32)
            .optNumFrames(4)
            .optEncoderWidth(32)
            .optEncoderDepth(2)
            .optEncoderHeads(2)
            .optDecoderWidth(32)
            .optDecoderDepth(1)
            .optDecoderHeads(1)
            .optVocabSize(30522)
            .build();

    private FacadeFixtures() {}

    /** Writes {@code count} synthetic 48×32 clips of 24 frames as {@code <dir>/<prefix>-<i>.mp4}. */
    static List<Path> writeVideos(Path dir, String prefix, int count, long seed) throws Exception {
        Files.createDirectories(dir);
        SyntheticVideoText gen = SyntheticVideoText.builder()
                .optSeed(seed)
                .optSize(48, 32)
                .optFrames(24)
                .build();
        List<Path> out = new ArrayList<>();
        for (SyntheticSample s : gen.generate(count)) {
            Path file = dir.resolve(prefix + "-" + s.id() + "." + VideoCodec.MPEG4.extension());
            gen.writeVideo(s, file, VideoCodec.MPEG4);
            out.add(file);
        }
        return out;
    }

    /**
     * A 48×32 MPEG-4 video at 10 fps made of 2 s segments, segment s a flat colour with a moving bar of its own
     * (so every segment looks different): {@code 2 × segments} seconds.
     */
    static Path writeSegments(Path file, int segments) throws Exception {
        int w = 48;
        int h = 32;
        int frames = segments * 20;
        byte[] rgb = new byte[frames * h * w * 3];
        for (int f = 0; f < frames; f++) {
            int s = f / 20;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int o = ((f * h + y) * w + x) * 3;
                    boolean bar = Math.abs(x - (f * (s + 1)) % w) < 4;
                    rgb[o] = (byte) (bar ? 255 : 40 * s);
                    rgb[o + 1] = (byte) (bar ? 0 : 200 - 30 * s);
                    rgb[o + 2] = (byte) (bar ? 255 - 40 * s : 90);
                }
            }
        }
        Files.createDirectories(file.getParent());
        VideoWriter.write(DecodedClip.of(rgb, frames, h, w), 10, VideoCodec.MPEG4, file);
        return file;
    }

    /** A file with a video extension and random bytes. */
    static Path writeCorrupt(Path file) throws Exception {
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        Files.createDirectories(file.getParent());
        return Files.write(file, junk);
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
