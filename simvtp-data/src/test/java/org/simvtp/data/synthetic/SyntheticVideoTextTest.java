package org.simvtp.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.VideoCodec;
import org.simvtp.data.video.VideoDecoder;

class SyntheticVideoTextTest {
    @TempDir
    Path dir;

    private final SyntheticVideoText gen =
            SyntheticVideoText.builder().optSeed(42).build();

    @Test
    void sameSeedSameSamplesOtherSeedOtherSamples() {
        List<SyntheticSample> a = gen.generate(20);
        List<SyntheticSample> b =
                SyntheticVideoText.builder().optSeed(42).build().generate(20);
        List<SyntheticSample> c =
                SyntheticVideoText.builder().optSeed(43).build().generate(20);
        int differentCaptions = 0;
        for (int i = 0; i < 20; i++) {
            assertEquals(a.get(i).caption(), b.get(i).caption());
            assertArrayEquals(a.get(i).frames().data(), b.get(i).frames().data());
            if (!a.get(i).caption().equals(c.get(i).caption())) {
                differentCaptions++;
            }
        }
        assertTrue(differentCaptions > 10);
        // a prefix of a longer run is the same
        assertEquals(a.get(5).caption(), gen.generate(6).get(5).caption());
    }

    @Test
    void captionsAreCompositionalAndVaried() {
        List<SyntheticSample> s = gen.generate(300);
        Set<String> captions = new HashSet<>();
        for (SyntheticSample x : s) {
            String expected = "a " + x.size().word() + " " + x.color().word() + " "
                    + x.shape().word() + " " + x.motion().phrase();
            assertEquals(expected, x.caption());
            captions.add(x.caption());
        }
        assertTrue(captions.size() > 100, "distinct captions " + captions.size());
        assertEquals(32, s.get(0).frames().frames());
        assertEquals(64, s.get(0).frames().width());
    }

    @Test
    void framesShowTheDescribedColourAndMotion() {
        for (SyntheticSample x : gen.generate(60)) {
            DecodedClip f = x.frames();
            double[] first = centroid(f, 0, x.color().rgb());
            double[] last = centroid(f, f.frames() - 1, x.color().rgb());
            assertTrue(first[2] > 10, x.caption() + ": shape not visible");
            double dx = last[0] - first[0];
            double dy = last[1] - first[1];
            switch (x.motion()) {
                case LEFT -> assertTrue(dx < -5, x.caption() + " dx=" + dx);
                case RIGHT -> assertTrue(dx > 5, x.caption() + " dx=" + dx);
                case UP -> assertTrue(dy < -5, x.caption() + " dy=" + dy);
                case DOWN -> assertTrue(dy > 5, x.caption() + " dy=" + dy);
                case STILL -> assertTrue(Math.abs(dx) < 1 && Math.abs(dy) < 1, x.caption());
                case GROWS -> assertTrue(last[2] > 2.5 * first[2], x.caption() + " area " + first[2] + "->" + last[2]);
                default -> throw new AssertionError();
            }
            // the shape stays fully inside: equal area in the first and last frame unless it grows
            if (x.motion() != Motion.GROWS) {
                assertEquals(first[2], last[2], first[2] * 0.15, x.caption());
            }
        }
    }

    /** x, y, pixel count of the pixels of exactly this colour in frame f. */
    private static double[] centroid(DecodedClip c, int f, int[] rgb) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int y = 0; y < c.height(); y++) {
            for (int x = 0; x < c.width(); x++) {
                if (c.get(f, y, x, 0) == rgb[0] && c.get(f, y, x, 1) == rgb[1] && c.get(f, y, x, 2) == rgb[2]) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        return new double[] {sx / Math.max(n, 1), sy / Math.max(n, 1), n};
    }

    @Test
    void writtenVideosDecodeToTheRightFramesForEveryCodec() throws Exception {
        SyntheticSample s = gen.generate(1).get(0);
        for (VideoCodec codec : VideoCodec.values()) {
            Path out = dir.resolve("s0." + codec.extension());
            gen.writeVideo(s, out, codec);
            try (VideoDecoder d = VideoDecoder.open(out)) {
                assertEquals(32, d.frameCount(), codec.name());
                assertEquals(8.0, d.info().fps(), 1e-6);
                DecodedClip back = d.decode(IntStream.range(0, 32).toArray());
                long sum = 0;
                for (int i = 0; i < back.data().length; i++) {
                    sum += Math.abs((back.data()[i] & 0xFF) - (s.frames().data()[i] & 0xFF));
                }
                double mad = sum / (double) back.data().length;
                assertTrue(mad < 6, codec + " mean abs diff " + mad);
            }
        }
    }

    @Test
    void writesADatasetWithAnnotations() throws Exception {
        Path json = SyntheticVideoText.builder()
                .optSeed(1)
                .optFrames(8)
                .build()
                .writeDataset(dir.resolve("set"), 3, VideoCodec.MPEG4);
        JsonObject ann = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(3, ann.size());
        for (String video : ann.keySet()) {
            assertTrue(Files.size(Path.of(video)) > 0);
            assertFalse(ann.get(video).getAsString().isBlank());
        }
    }
}
