package org.simvtp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.sampling.PretrainFrameSampler;
import org.simvtp.data.sampling.TestFrameSampler;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.data.transform.ClipTransform;
import org.simvtp.data.transform.ImageNetNormalize;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.TestVideos;
import org.simvtp.data.video.VideoCodec;
import org.simvtp.data.video.VideoDecodeException;
import org.simvtp.data.video.VideoDecoder;

class ClipReaderTest {
    @TempDir
    static Path dir;

    @Test
    void pretrainClipInOneCallIsReproducible() {
        Path video = TestVideos.write(dir, VideoCodec.H264, 100, 320, 240, 12);
        PretrainFrameSampler sampler = PretrainFrameSampler.forConfig(SimvtpConfig.vitBase());
        ClipTensor a = ClipReader.read(video, sampler, ClipTransform.pretrain(224), new SplittableRandom(3));
        ClipTensor b = ClipReader.read(video, sampler, ClipTransform.pretrain(224), new SplittableRandom(3));
        assertEquals(List.of(3, 16, 224, 224), List.of(a.channels(), a.frames(), a.height(), a.width()));
        assertArrayEquals(a.data(), b.data());
    }

    @Test
    void testViewsAreSegmentMajorAndMatchManualDecoding() {
        Path video = TestVideos.write(dir, VideoCodec.MPEG4, 100, 320, 240, 12);
        TestFrameSampler sampler = new TestFrameSampler(16, 4, 3);
        List<ClipTensor> views =
                ClipReader.readViews(video, sampler, ClipTransform.test(224, 3), new SplittableRandom(0));
        assertEquals(9, views.size());
        // view 4 = segment 1, crop 1: decode segment 1 by hand
        int[] seg1 = sampler.sample(100, null)[1];
        try (VideoDecoder d = VideoDecoder.open(video)) {
            DecodedClip frames = d.decode(seg1);
            ClipTensor manual = ClipTransform.test(224, 3).apply(frames, null).get(1);
            assertArrayEquals(manual.data(), views.get(4).data());
        }
        assertThrows(
                IllegalStateException.class,
                () -> ClipReader.read(video, sampler, ClipTransform.test(224, 3), new SplittableRandom(0)));
    }

    @Test
    void shortVideoUsesTheRepeatRule() {
        Path video = TestVideos.write(dir, VideoCodec.VP8, 10, 64, 48, 5);
        ClipTensor t = ClipReader.read(
                video,
                new PretrainFrameSampler(16, 4),
                (clip, rng) -> List.of(ImageNetNormalize.imagenet().apply(clip)),
                new SplittableRandom(0));
        assertEquals(16, t.frames());
        // frames 3..15 all repeat frame 8
        int plane = 48 * 64;
        for (int f = 3; f < 16; f++) {
            for (int p = 0; p < plane; p += 97) {
                assertEquals(t.data()[2 * 16 * plane + 2 * plane + p], t.data()[2 * 16 * plane + f * plane + p]);
            }
        }
    }

    @Test
    void badFilesSurfaceAsTypedErrors() {
        assertThrows(
                VideoDecodeException.class,
                () -> ClipReader.read(
                        dir.resolve("missing.mp4"),
                        new PretrainFrameSampler(16, 4),
                        ClipTransform.pretrain(224),
                        new SplittableRandom(0)));
    }
}
