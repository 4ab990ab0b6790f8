package org.simvtp.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.synthetic.SyntheticVideoText;
import org.simvtp.data.video.VideoCodec;
import org.simvtp.models.facade.Simvtp;

/** Small inputs for the tests: a very small random model, synthetic videos, a corrupt video. */
public final class TestData {

    private TestData() {}

    /** A model small enough for a test: 32², 4 frames, encoder 64×2, decoder 32×1, the BERT vocabulary. */
    public static SimvtpConfig smallConfig() {
        return SimvtpConfig.builder()
                .optImageSize(32)
                .optNumFrames(4)
                .optEncoderWidth(64)
                .optEncoderDepth(2)
                .optEncoderHeads(2)
                .optDecoderWidth(32)
                .optDecoderDepth(1)
                .optDecoderHeads(1)
                .build();
    }

    /** Saves a randomly initialised pre-training model of {@link #smallConfig()} as safetensors. */
    public static Path randomCheckpoint(Path file) throws IOException {
        try (Simvtp model = Simvtp.fromConfig(smallConfig())) {
            model.save(file);
        }
        return file;
    }

    /** Writes {@code n} synthetic 64² MPEG-4 videos of 32 frames and their {@code annotations.json}. */
    public static Path syntheticDataset(Path dir, int n) {
        return SyntheticVideoText.builder()
                .optSeed(3)
                .optSize(64, 64)
                .optFrames(32)
                .build()
                .writeDataset(dir, n, VideoCodec.MPEG4);
    }

    /** Writes a file of random bytes with a video extension. */
    public static Path corruptVideo(Path file) throws IOException {
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        Files.write(file, junk);
        return file;
    }
}
