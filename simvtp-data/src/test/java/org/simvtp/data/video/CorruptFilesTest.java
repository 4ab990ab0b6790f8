package org.simvtp.data.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corrupt-file corpus generated here: every case must give a typed error (or a valid clip), never a crash. */
class CorruptFilesTest {
    @TempDir
    static Path dir;

    private static VideoDecodeException openFails(Path file) {
        VideoDecodeException e = assertThrows(VideoDecodeException.class, () -> {
            try (VideoDecoder d = VideoDecoder.open(file)) {
                d.decode(IntStream.range(0, d.frameCount()).toArray());
            }
        });
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(file, e.file());
        return e;
    }

    @Test
    void missingFile() {
        assertTrue(openFails(dir.resolve("nope.mp4")).getMessage().contains("not found"));
    }

    @Test
    void emptyFile() throws Exception {
        Path f = Files.write(dir.resolve("empty.mp4"), new byte[0]);
        assertTrue(openFails(f).getMessage().contains("empty"));
    }

    @Test
    void directoryIsNotAVideo() throws Exception {
        openFails(Files.createDirectories(dir.resolve("folder.mp4")));
    }

    @Test
    void textFile() throws Exception {
        Path f = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(100));
        openFails(f);
    }

    @Test
    void zeroedFile() throws Exception {
        openFails(Files.write(dir.resolve("zeros.mp4"), new byte[20_000]));
    }

    @Test
    void randomBytes() throws Exception {
        byte[] b = new byte[50_000];
        new SplittableRandom(7).nextBytes(b);
        openFails(Files.write(dir.resolve("random.webm"), b));
    }

    @Test
    void audioOnlyFileHasNoVideoStream() throws Exception {
        Path f = Files.write(dir.resolve("tone.wav"), RawMediaFiles.wav(8000, 8000));
        assertTrue(openFails(f).getMessage().contains("no video stream"));
    }

    @Test
    void truncatedMp4WithoutIndex() throws Exception {
        byte[] full = Files.readAllBytes(TestVideos.write(dir, VideoCodec.H264, 50, 160, 120, 12));
        openFails(Files.write(dir.resolve("truncated.mp4"), Arrays.copyOf(full, full.length / 2)));
    }

    @Test
    void truncatedWebmDecodesWhatIsThere() throws Exception {
        byte[] full = Files.readAllBytes(TestVideos.write(dir, VideoCodec.VP8, 50, 160, 120, 12));
        Path f = Files.write(dir.resolve("truncated.webm"), Arrays.copyOf(full, full.length * 6 / 10));
        decodesOrFailsTyped(f);
    }

    @Test
    void brokenPacketsInTheMiddle() throws Exception {
        for (VideoCodec codec : VideoCodec.values()) {
            byte[] b = Files.readAllBytes(TestVideos.write(dir, codec, 50, 160, 120, 12));
            SplittableRandom rng = new SplittableRandom(3);
            for (int i = b.length / 3; i < b.length * 2 / 3; i += 97) {
                b[i] = (byte) rng.nextInt(256);
            }
            Arrays.fill(b, b.length / 2, b.length / 2 + 2000, (byte) 0);
            decodesOrFailsTyped(Files.write(dir.resolve("broken." + codec.extension()), b));
        }
    }

    @Test
    void wrongExtensionStillDecodes() throws Exception {
        Path f = dir.resolve("actually-mp4.avi");
        Files.copy(TestVideos.write(dir, VideoCodec.MPEG4, 50, 160, 120, 12), f);
        try (VideoDecoder d = VideoDecoder.open(f)) {
            assertEquals(50, d.frameCount());
            assertEquals(2, d.decode(new int[] {0, 49}).frames());
        }
    }

    private static void decodesOrFailsTyped(Path f) {
        try (VideoDecoder d = VideoDecoder.open(f)) {
            int n = d.frameCount();
            assertTrue(n > 0);
            DecodedClip all = d.decode(IntStream.range(0, n).toArray(), 0, 0, DecodeStrategy.SEQUENTIAL);
            assertEquals(n, all.frames());
            DecodedClip some = d.decode(new int[] {n - 1, 0, n / 2}, 0, 0, DecodeStrategy.SEEK);
            assertEquals(3, some.frames());
        } catch (VideoDecodeException e) {
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }
}
