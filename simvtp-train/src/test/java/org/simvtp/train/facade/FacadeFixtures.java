package org.simvtp.train.facade;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.synthetic.SyntheticSample;
import org.simvtp.data.synthetic.SyntheticVideoText;
import org.simvtp.data.video.VideoCodec;

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
