package org.simvtp.data.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, decoding and closing a clip many times must not grow native memory. */
@Tag("slow")
class NativeMemoryTest {
    @TempDir
    static Path dir;

    @Test
    void repeatedDecodingDoesNotLeak() {
        Path clip = TestVideos.write(dir, VideoCodec.H264, 40, 160, 120, 10);
        int[] idx = {0, 9, 17, 25, 39, 39};
        for (int i = 0; i < 30; i++) {
            decodeOnce(clip, idx, i);
        }
        long trackedBefore = Pointer.totalBytes();
        long rssBefore = Pointer.physicalBytes();
        for (int i = 0; i < 300; i++) {
            decodeOnce(clip, idx, i);
        }
        System.gc();
        long trackedAfter = Pointer.totalBytes();
        long rssAfter = Pointer.physicalBytes();
        assertEquals(trackedBefore, trackedAfter, "JavaCPP-tracked bytes");
        assertTrue(rssAfter - rssBefore < 40L << 20, "RSS grew by " + ((rssAfter - rssBefore) >> 20) + " MiB");
    }

    private static void decodeOnce(Path clip, int[] idx, int i) {
        try (VideoDecoder d = VideoDecoder.open(clip)) {
            d.decode(idx, 64, 48, i % 2 == 0 ? DecodeStrategy.SEQUENTIAL : DecodeStrategy.SEEK);
        }
    }
}
