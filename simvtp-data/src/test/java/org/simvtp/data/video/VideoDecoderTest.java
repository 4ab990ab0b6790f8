package org.simvtp.data.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VideoDecoderTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void infoReportsExactFrameCountFpsSizeAndCodec(VideoCodec codec) throws Exception {
        Path clip = TestVideos.write(dir, codec, 100, 320, 240, 12);
        try (VideoDecoder d = VideoDecoder.open(clip)) {
            VideoInfo info = d.info();
            assertEquals(100, info.frameCount());
            assertEquals(25.0, info.fps(), 1e-6);
            assertEquals(4.0, info.durationSeconds(), 0.05);
            assertEquals(320, info.width());
            assertEquals(240, info.height());
            assertEquals(codec == VideoCodec.H264 ? "h264" : codec.name().toLowerCase(), info.codecName());
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void framesMatchTheSourceAtTheirIndex(VideoCodec codec) throws Exception {
        Path clip = TestVideos.write(dir, codec, 100, 320, 240, 12);
        DecodedClip source = TestVideos.source(100, 320, 240);
        int[] indices = {0, 7, 33, 50, 99};
        try (VideoDecoder d = VideoDecoder.open(clip)) {
            DecodedClip got = d.decode(indices);
            for (int f = 0; f < indices.length; f++) {
                int k = indices[f];
                double same = TestVideos.meanAbsDiff(got.subClip(f, f + 1), source.subClip(k, k + 1));
                int other = k == 99 ? 98 : k + 1;
                double next = TestVideos.meanAbsDiff(got.subClip(f, f + 1), source.subClip(other, other + 1));
                assertTrue(same <= 4.0, codec + " frame " + k + " differs from its source by " + same);
                assertTrue(next > 3 * same + 5, codec + " frame " + k + " is too close to frame " + other);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void framesMatchTheFfmpegExecutable(VideoCodec codec) throws Exception {
        assumeTrue(FfmpegTool.isAvailable(), () -> "ffmpeg executable unavailable: " + FfmpegTool.unavailableReason());
        Path clip = TestVideos.write(dir, codec, 100, 320, 240, 12);
        int[] indices = {0, 7, 33, 50, 99};
        for (int[] size : new int[][] {{320, 240}, {160, 112}}) {
            DecodedClip ref = FfmpegTool.locate().referenceDecode(clip, indices, size[0], size[1]);
            try (VideoDecoder d = VideoDecoder.open(clip)) {
                DecodedClip got = d.decode(indices, size[0], size[1]);
                for (int f = 0; f < indices.length; f++) {
                    double diff = TestVideos.meanAbsDiff(got.subClip(f, f + 1), ref.subClip(f, f + 1));
                    assertTrue(
                            diff <= 2.0,
                            codec + " frame " + indices[f] + " " + Arrays.toString(size) + " differs from ffmpeg by "
                                    + diff);
                }
                assertTrue(TestVideos.meanAbsDiff(got.subClip(1, 2), ref.subClip(2, 3)) > 2.0);
            }
        }
    }

    @Test
    void lavfiClipFromTheExecutableDecodes() throws Exception {
        assumeTrue(FfmpegTool.isAvailable(), () -> "ffmpeg executable unavailable: " + FfmpegTool.unavailableReason());
        Path out = dir.resolve("testsrc.mp4");
        FfmpegTool.locate()
                .run(java.util.List.of(
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc=duration=2:size=320x240:rate=25",
                        "-c:v",
                        "libopenh264",
                        "-pix_fmt",
                        "yuv420p",
                        out.toString()));
        try (VideoDecoder d = VideoDecoder.open(out)) {
            assertEquals(50, d.frameCount());
            int[] idx = {0, 13, 49};
            DecodedClip ref = FfmpegTool.locate().referenceDecode(out, idx, 320, 240);
            assertTrue(TestVideos.meanAbsDiff(d.decode(idx), ref) <= 2.0);
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void sequentialAndSeekGiveIdenticalFrames(VideoCodec codec) throws Exception {
        Path clip = TestVideos.write(dir, codec, 100, 160, 120, 10);
        int[] indices = {95, 3, 60, 61, 60, 30, 3};
        try (VideoDecoder d = VideoDecoder.open(clip)) {
            DecodedClip seq = d.decode(indices, 0, 0, DecodeStrategy.SEQUENTIAL);
            assertEquals(0, d.seeksInLastCall());
            DecodedClip seek = d.decode(indices, 0, 0, DecodeStrategy.SEEK);
            assertTrue(d.seeksInLastCall() >= 3, "seeks: " + d.seeksInLastCall());
            DecodedClip auto = d.decode(indices, 0, 0, DecodeStrategy.AUTO);
            assertArrayEquals(seq.data(), seek.data());
            assertArrayEquals(seq.data(), auto.data());
        }
    }

    @Test
    void repeatedAndUnsortedIndicesKeepRequestOrder() throws Exception {
        Path clip = TestVideos.write(dir, VideoCodec.MPEG4, 100, 160, 120, 12);
        try (VideoDecoder d = VideoDecoder.open(clip)) {
            DecodedClip single = d.decode(new int[] {40, 10});
            DecodedClip multi = d.decode(new int[] {10, 40, 10, 40, 40});
            assertEquals(5, multi.frames());
            assertArrayEquals(single.subClip(1, 2).data(), multi.subClip(0, 1).data());
            assertArrayEquals(single.subClip(0, 1).data(), multi.subClip(1, 2).data());
            assertArrayEquals(multi.subClip(0, 1).data(), multi.subClip(2, 3).data());
            assertArrayEquals(multi.subClip(1, 2).data(), multi.subClip(4, 5).data());
        }
    }

    @Test
    void decoderCanBeReusedAcrossCallsAndAfterEndOfStream() throws Exception {
        Path clip = TestVideos.write(dir, VideoCodec.H264, 50, 160, 120, 25);
        try (VideoDecoder d = VideoDecoder.open(clip)) {
            DecodedClip a = d.decode(new int[] {49});
            DecodedClip b = d.decode(new int[] {0, 49});
            DecodedClip c = d.decode(new int[] {20}, 0, 0, DecodeStrategy.SEQUENTIAL);
            DecodedClip e = d.decode(new int[] {20, 21}, 0, 0, DecodeStrategy.SEQUENTIAL);
            assertArrayEquals(a.data(), b.subClip(1, 2).data());
            assertArrayEquals(c.data(), e.subClip(0, 1).data());
        }
    }

    @Test
    void indexOutOfRangeIsATypedError() throws Exception {
        Path clip = TestVideos.write(dir, VideoCodec.MPEG4, 50, 160, 120, 12);
        try (VideoDecoder d = VideoDecoder.open(clip)) {
            VideoDecodeException e = assertThrows(VideoDecodeException.class, () -> d.decode(new int[] {0, 50}));
            assertTrue(
                    e.getMessage().contains(clip.toString()) && e.getMessage().contains("out of range"));
            assertThrows(VideoDecodeException.class, () -> d.decode(new int[] {-1}));
        }
    }

    @Test
    void timeoutIsATypedError() throws Exception {
        Path clip = TestVideos.write(dir, VideoCodec.MPEG4, 50, 160, 120, 12);
        DecoderOptions opts =
                DecoderOptions.builder().optTimeout(Duration.ofNanos(1)).build();
        VideoDecodeException e = assertThrows(VideoDecodeException.class, () -> VideoDecoder.open(clip, opts));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    }

    @Test
    void tooLargeFramesAreRejected() throws Exception {
        Path clip = TestVideos.write(dir, VideoCodec.MPEG4, 50, 160, 120, 12);
        DecoderOptions opts = DecoderOptions.builder().optMaxDimension(100).build();
        VideoDecodeException e = assertThrows(VideoDecodeException.class, () -> VideoDecoder.open(clip, opts));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    @Test
    void closedDecoderRejectsCalls() throws Exception {
        Path clip = TestVideos.write(dir, VideoCodec.MPEG4, 50, 160, 120, 12);
        VideoDecoder d = VideoDecoder.open(clip);
        d.close();
        d.close();
        assertThrows(IllegalStateException.class, () -> d.decode(new int[] {0}));
    }
}
