package org.simvtp.data.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.spi.MediaException;
import org.simvtp.core.spi.TimedClip;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.VideoCodec;
import org.simvtp.data.video.VideoWriter;

/** {@link DataMediaSupport#readVideoWindows} on a real 12 s file whose colour changes every 2 s. */
class VideoWindowsTest {

    private static final SimvtpConfig TINY = SimvtpConfig.builder()
            .optImageSize(32)
            .optNumFrames(4)
            .optEncoderWidth(32)
            .optEncoderDepth(1)
            .optEncoderHeads(1)
            .optDecoderWidth(32)
            .optDecoderDepth(1)
            .optDecoderHeads(1)
            .build();
    /** Red level of each 2 s segment. */
    private static final int[] RED = {20, 230, 60, 190, 100, 150};

    /** 120 frames at 10 fps, 48×32, segment s (frames 20s..20s+19) filled with red level RED[s]. */
    static Path segments(Path file) {
        int frames = 120;
        int w = 48;
        int h = 32;
        byte[] rgb = new byte[frames * h * w * 3];
        for (int f = 0; f < frames; f++) {
            for (int p = 0; p < h * w; p++) {
                int o = (f * h * w + p) * 3;
                rgb[o] = (byte) RED[f / 20];
                rgb[o + 1] = (byte) 128;
                rgb[o + 2] = (byte) 64;
            }
        }
        VideoWriter.write(DecodedClip.of(rgb, frames, h, w), 10, VideoCodec.MPEG4, file);
        return file;
    }

    private static List<TimedClip> read(Path video, double window, double stride) {
        List<TimedClip> out = new ArrayList<>();
        try (DataMediaSupport media = new DataMediaSupport()) {
            media.readVideoWindows(video, TINY, window, stride, out::add);
        }
        return out;
    }

    @Test
    void windowsFollowTheVideosTimeline(@TempDir Path dir) {
        Path video = segments(dir.resolve("long.mp4"));

        List<TimedClip> aligned = read(video, 2, 0);
        assertEquals(6, aligned.size());
        for (int s = 0; s < 6; s++) {
            TimedClip c = aligned.get(s);
            assertEquals(s, c.index());
            assertEquals(2.0 * s, c.start(), 1e-6);
            assertEquals(2.0 * s + 2, c.end(), 1e-6);
            assertEquals(3 * 4 * 32 * 32, c.clip().length);
            double expected = (RED[s] / 255.0 - 0.485) / 0.229; // ImageNet-normalised red, every frame
            for (int t = 0; t < 4; t++) {
                assertEquals(expected, c.clip()[t * 32 * 32 + 16 * 32 + 16], 0.1, "segment " + s + " frame " + t);
            }
        }

        List<TimedClip> clipSpan = read(video, 0, 0); // 4 frames × 4 / 10 fps = 1.6 s
        assertEquals(8, clipSpan.size());
        assertEquals(1.6, clipSpan.get(1).start(), 1e-6);
        assertEquals(10.4, clipSpan.get(7).start(), 1e-6);
        assertEquals(12.0, clipSpan.get(7).end(), 1e-6);

        List<TimedClip> whole = read(video, 30, 0);
        assertEquals(1, whole.size());
        assertEquals(12.0, whole.get(0).end(), 1e-6);
    }

    @Test
    void anUndecodableFileNamesItself(@TempDir Path dir) throws Exception {
        Path junk = Files.write(dir.resolve("junk.mp4"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        MediaException e = assertThrows(MediaException.class, () -> read(junk, 0, 0));
        assertTrue(e.getMessage().contains("junk.mp4"), e.getMessage());
    }
}
