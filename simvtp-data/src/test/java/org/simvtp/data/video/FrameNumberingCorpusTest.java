package org.simvtp.data.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.simvtp.data.sampling.FinetuneTrainFrameSampler;
import org.simvtp.data.sampling.FrameSampler;
import org.simvtp.data.sampling.PretrainFrameSampler;
import org.simvtp.data.sampling.TestFrameSampler;

/**
 * Frame k is ffmpeg's frame k (issue 13): a corpus of awkward but valid files is generated with the ffmpeg CLI
 * (B-frames in AVI with decode timestamps only, B-pyramid, open GOP, variable frame rate, MP4 edit lists,
 * missing timestamps, negative DTS, timestamps that jump backwards, rotation metadata, odd sizes), and every frame
 * index is compared, by MD5 of the rgb24 frame, with the frames {@code ffmpeg -f framemd5} outputs, for every
 * strategy and in orders that force seeks. Skipped (with a message) where the CLI is missing; {@code .ci/run}
 * installs it.
 */
class FrameNumberingCorpusTest {
    private static final List<String> SRC = List.of("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25:duration=2");
    private static final List<String> X264 = List.of("-c:v", "libx264", "-pix_fmt", "yuv420p");

    @TempDir
    static Path dir;

    private static final Map<String, Path> FILES = new LinkedHashMap<>();
    private static final Map<String, List<String>> REFERENCE = new LinkedHashMap<>();

    /** The corpus: name (with the container's extension) and the ffmpeg arguments that write it. */
    static Map<String, List<String>> recipes() {
        Map<String, List<String>> r = new LinkedHashMap<>();
        r.put("mpeg4-bf2.avi", cat(SRC, List.of("-c:v", "mpeg4", "-bf", "2", "-g", "12", "-q:v", "4")));
        r.put(
                "mpeg4-bf2-cgop.avi",
                cat(
                        SRC,
                        List.of(
                                "-c:v",
                                "mpeg4",
                                "-bf",
                                "2",
                                "-g",
                                "10",
                                "-flags",
                                "+cgop",
                                "-sc_threshold",
                                "1000000000",
                                "-q:v",
                                "4")));
        r.put("h264-bpyramid.mp4", cat(SRC, X264, List.of("-bf", "3", "-x264-params", "b-pyramid=normal:keyint=15")));
        r.put("h264-bpyramid.mkv", cat(SRC, X264, List.of("-bf", "3", "-x264-params", "b-pyramid=normal:keyint=15")));
        r.put(
                "h264-opengop.mp4",
                cat(SRC, X264, List.of("-bf", "3", "-x264-params", "open-gop=1:keyint=10:min-keyint=10")));
        r.put(
                "h264-opengop.mkv",
                cat(SRC, X264, List.of("-bf", "3", "-x264-params", "open-gop=1:keyint=10:min-keyint=10")));
        r.put(
                "h264-vfr.mp4",
                cat(
                        SRC,
                        List.of("-vf", "select='not(eq(mod(n\\,5)\\,2))*not(eq(mod(n\\,7)\\,3))'", "-fps_mode", "vfr"),
                        X264,
                        List.of("-bf", "2", "-g", "12")));
        r.put(
                "h264-negative-cts.mp4",
                cat(SRC, X264, List.of("-bf", "2", "-g", "12", "-movflags", "+negative_cts_offsets")));
        r.put("h264-rotated90.mp4", cat(SRC, X264, List.of("-bf", "2", "-g", "12", "-metadata:s:v:0", "rotate=90")));
        r.put(
                "h264-raw-no-timestamps.h264",
                cat(SRC, X264, List.of("-bf", "2", "-g", "12", "-bsf:v", "h264_mp4toannexb", "-f", "h264")));
        r.put("mpeg4-raw-no-timestamps.m4v", cat(SRC, List.of("-c:v", "mpeg4", "-bf", "2", "-q:v", "4", "-f", "m4v")));
        r.put(
                "h264-pts-jump-back.mkv",
                cat(
                        SRC,
                        X264,
                        List.of("-bf", "2", "-g", "12", "-bsf:v", "setts=pts=if(gte(N\\,30)\\,PTS-9728\\,PTS)")));
        // two MPEG-TS segments whose timestamps overlap: concatenated byte-wise they jump backwards
        r.put(
                "seg-a.ts",
                List.of(
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=64x48:rate=25:duration=1.2",
                        "-c:v",
                        "libx264",
                        "-pix_fmt",
                        "yuv420p",
                        "-bf",
                        "2",
                        "-g",
                        "12"));
        r.put(
                "seg-b.ts",
                List.of(
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=64x48:rate=25:duration=0.8",
                        "-vf",
                        "hflip",
                        "-c:v",
                        "libx264",
                        "-pix_fmt",
                        "yuv420p",
                        "-bf",
                        "2",
                        "-g",
                        "12",
                        "-output_ts_offset",
                        "0.31"));
        r.put(
                "vp9-63x47.webm",
                List.of(
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=63x47:rate=25:duration=1",
                        "-c:v",
                        "libvpx-vp9",
                        "-g",
                        "10",
                        "-deadline",
                        "realtime"));
        r.put(
                "h264-66x50.mkv",
                cat(
                        List.of("-f", "lavfi", "-i", "testsrc2=size=66x50:rate=25:duration=1"),
                        X264,
                        List.of("-bf", "2", "-g", "10")));
        r.put(
                "mpeg4-65x49-bf2.avi",
                List.of(
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=66x50:rate=30:duration=1",
                        "-vf",
                        "crop=65:49:0:0",
                        "-c:v",
                        "mpeg4",
                        "-bf",
                        "2",
                        "-q:v",
                        "4"));
        return r;
    }

    /** Files derived from a corpus file (stream copies that add edit lists). */
    static Map<String, List<String>> derived() {
        Map<String, List<String>> r = new LinkedHashMap<>();
        r.put("h264-editlist-offset.mp4", List.of("-itsoffset", "0.4", "-i", "@h264-bpyramid.mp4", "-c", "copy"));
        r.put("h264-editlist-trim.mp4", List.of("-ss", "0.5", "-i", "@h264-bpyramid.mp4", "-c", "copy"));
        r.put("h264-concat-remux.mp4", List.of("-i", "@" + CONCAT, "-c", "copy"));
        r.put(
                "h264-negative-dts.mkv",
                List.of(
                        "-i",
                        "@h264-bpyramid.mkv",
                        "-c",
                        "copy",
                        "-avoid_negative_ts",
                        "disabled",
                        "-output_ts_offset",
                        "-0.3"));
        return r;
    }

    /** Files whose timestamps are sound: numbering by timestamp and seeking must stay available for them. */
    static final java.util.Set<String> SEEKABLE = java.util.Set.of(
            "h264-bpyramid.mp4",
            "h264-bpyramid.mkv",
            "h264-opengop.mp4",
            "h264-opengop.mkv",
            "h264-vfr.mp4",
            "h264-negative-cts.mp4",
            "h264-rotated90.mp4",
            "h264-editlist-offset.mp4",
            "h264-editlist-trim.mp4",
            "vp9-63x47.webm",
            "h264-66x50.mkv");

    /** seg-a.ts followed by seg-b.ts, byte-wise (timestamps jump backwards at the join). */
    static final String CONCAT = "h264-ts-concat-jump-back.ts";

    @SafeVarargs
    private static List<String> cat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    @BeforeAll
    static void generate() {
        if (!FfmpegCli.available()) {
            return;
        }
        List<String> failed = new ArrayList<>();
        write(recipes(), failed);
        try {
            Path joined = dir.resolve(CONCAT);
            Files.write(joined, Files.readAllBytes(dir.resolve("seg-a.ts")));
            Files.write(joined, Files.readAllBytes(dir.resolve("seg-b.ts")), java.nio.file.StandardOpenOption.APPEND);
            FILES.put(CONCAT, joined);
            REFERENCE.put(CONCAT, FfmpegCli.frameMd5(joined));
        } catch (IOException | IllegalStateException ex) {
            failed.add(CONCAT + ": " + ex);
        }
        write(derived(), failed);
        if (!failed.isEmpty()) {
            fail("cannot generate corpus files:\n" + String.join("\n", failed));
        }
    }

    private static void write(Map<String, List<String>> recipes, List<String> failed) {
        for (Map.Entry<String, List<String>> e : recipes.entrySet()) {
            Path out = dir.resolve(e.getKey());
            List<String> args = new ArrayList<>();
            for (String a : e.getValue()) {
                args.add(a.startsWith("@") ? dir.resolve(a.substring(1)).toString() : a);
            }
            args.add(out.toString());
            try {
                FfmpegCli.ffmpeg(args);
                FILES.put(e.getKey(), out);
                REFERENCE.put(e.getKey(), FfmpegCli.frameMd5(out));
            } catch (IllegalStateException ex) {
                failed.add(e.getKey() + ": " + ex.getMessage());
            }
        }
    }

    static Stream<String> names() {
        List<String> all = new ArrayList<>(recipes().keySet());
        all.add(CONCAT);
        all.addAll(derived().keySet());
        return all.stream();
    }

    private static void requireCli() {
        assumeTrue(FfmpegCli.available(), FfmpegCli::unavailableMessage);
    }

    static String md5(DecodedClip clip, int f) {
        try {
            int bytes = clip.width() * clip.height() * 3;
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(clip.data(), f * bytes, bytes);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares every returned frame with the reference at its requested index; returns the mismatches. */
    private static List<String> compare(String what, DecodedClip clip, int[] indices, List<String> ref) {
        List<String> bad = new ArrayList<>();
        for (int f = 0; f < indices.length; f++) {
            String got = md5(clip, f);
            if (!got.equals(ref.get(indices[f]))) {
                int actually = ref.indexOf(got);
                bad.add(what + ": frame " + indices[f] + " is ffmpeg's frame "
                        + (actually < 0 ? "(none)" : Integer.toString(actually)));
            }
        }
        return bad;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void everyFrameIsFfmpegsFrameForEveryStrategyAndOrder(String name) {
        requireCli();
        Path file = FILES.get(name);
        List<String> ref = REFERENCE.get(name);
        int n = ref.size();
        List<String> bad = new ArrayList<>();
        try (VideoDecoder d = VideoDecoder.open(file)) {
            assertEquals(n, d.frameCount(), name + ": frameCount vs ffmpeg's frames");
            assertEquals(FfmpegCli.countFrames(file), d.frameCount(), name + ": frameCount vs ffprobe -count_frames");
            int[] dense = IntStream.range(0, n).toArray();
            int[] reverse = IntStream.range(0, n).map(i -> n - 1 - i).toArray();
            int[] shuffled = dense.clone();
            SplittableRandom rng = new SplittableRandom(13);
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            for (DecodeStrategy s : DecodeStrategy.values()) {
                bad.addAll(compare(s + " dense", d.decode(dense, 0, 0, s), dense, ref));
                bad.addAll(compare(s + " reverse", d.decode(reverse, 0, 0, s), reverse, ref));
                bad.addAll(compare(s + " shuffled", d.decode(shuffled, 0, 0, s), shuffled, ref));
            }
            // one frame per call: every call starts wherever the previous one left the decoder (after seeks)
            int seeks = 0;
            for (int k : new int[] {n - 1, 0, n / 2, 1, n - 2, n / 3, n / 3 + 1, 2}) {
                bad.addAll(
                        compare("SEEK single", d.decode(new int[] {k}, 0, 0, DecodeStrategy.SEEK), new int[] {k}, ref));
                seeks += d.seeksInLastCall();
                bad.addAll(compare("AUTO single", d.decode(new int[] {k}), new int[] {k}, ref));
            }
            assertEquals(0, d.substitutedFramesInLastCall(), name);
            System.out.printf(
                    "%-32s %3d frames, numbered by %s, %d seeks for 8 single-frame SEEK calls%n",
                    name, n, d.numbersByOutputOrder() ? "output order" : "timestamps", seeks);
            if (SEEKABLE.contains(name)) {
                assertTrue(
                        !d.numbersByOutputOrder() && seeks > 0,
                        name + " has trustworthy timestamps and must" + " stay seekable");
            }
        }
        assertTrue(
                bad.isEmpty(),
                name + ": " + bad.size() + " mismatches, first: " + bad.subList(0, Math.min(8, bad.size())));
    }

    static Stream<String> samplerFiles() {
        return Stream.of(
                "mpeg4-bf2.avi",
                "h264-pts-jump-back.mkv",
                CONCAT,
                "h264-bpyramid.mp4",
                "h264-editlist-trim.mp4",
                "h264-vfr.mp4",
                "h264-raw-no-timestamps.h264");
    }

    private static void assertSamplerLandsOnFfmpegsFrames(FrameSampler sampler, String name) {
        requireCli();
        List<String> ref = REFERENCE.get(name);
        List<String> bad = new ArrayList<>();
        try (VideoDecoder d = VideoDecoder.open(FILES.get(name))) {
            for (long seed = 0; seed < 4; seed++) {
                for (int[] view : sampler.sample(d.frameCount(), new SplittableRandom(seed))) {
                    bad.addAll(
                            compare(sampler.getClass().getSimpleName() + " seed " + seed, d.decode(view), view, ref));
                }
            }
        }
        assertTrue(bad.isEmpty(), name + ": " + bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplerFiles")
    void pretrainSamplerLandsOnFfmpegsFrames(String name) {
        assertSamplerLandsOnFfmpegsFrames(new PretrainFrameSampler(8, 4), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplerFiles")
    void finetuneTrainSamplerLandsOnFfmpegsFrames(String name) {
        assertSamplerLandsOnFfmpegsFrames(new FinetuneTrainFrameSampler(8, 4), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplerFiles")
    void testViewSamplerLandsOnFfmpegsFrames(String name) {
        assertSamplerLandsOnFfmpegsFrames(new TestFrameSampler(8, 4, 3), name);
    }

    /**
     * Damaged files: frames are either ffmpeg's frames or the decode fails with a typed error naming the file; a
     * frame the stream does not have is never silently replaced by a duplicate (substitutions are counted).
     */
    @Test
    void damagedFilesGiveConsistentFramesOrATypedError() throws IOException {
        requireCli();
        List<String> bad = new ArrayList<>();
        for (String source : List.of("mpeg4-bf2.avi", "h264-bpyramid.mp4", "h264-bpyramid.mkv")) {
            byte[] bytes = Files.readAllBytes(FILES.get(source));
            for (double keep : new double[] {0.55, 0.8, -0.45}) {
                Path cut;
                if (keep > 0) {
                    cut = dir.resolve("cut" + (int) (keep * 100) + "-" + source);
                    Files.write(cut, java.util.Arrays.copyOf(bytes, (int) (bytes.length * keep)));
                } else {
                    // 400 bytes of garbage in the middle of the stream
                    cut = dir.resolve("garbled-" + source);
                    byte[] garbled = bytes.clone();
                    int at = (int) (bytes.length * -keep);
                    java.util.Arrays.fill(garbled, at, Math.min(garbled.length, at + 400), (byte) 0x5A);
                    Files.write(cut, garbled);
                }
                List<String> ref;
                try {
                    ref = FfmpegCli.frameMd5(cut);
                } catch (IllegalStateException e) {
                    // the CLI cannot read it at all (e.g. no moov atom): the decoder must reject it with a typed error
                    VideoDecodeException rejected = org.junit.jupiter.api.Assertions.assertThrows(
                            VideoDecodeException.class,
                            () -> VideoDecoder.open(cut).close(),
                            cut.toString());
                    assertEquals(cut, rejected.file());
                    continue;
                }
                try (VideoDecoder d = VideoDecoder.open(cut)) {
                    int n = d.frameCount();
                    int[] all = IntStream.range(0, n).toArray();
                    for (DecodeStrategy s : DecodeStrategy.values()) {
                        DecodedClip clip = d.decode(all, 0, 0, s);
                        int substituted = d.substitutedFramesInLastCall();
                        int real = n - substituted;
                        System.out.printf(
                                "damaged %-28s %-10s %3d frames, ffmpeg %3d, substituted %d, numbered by" + " %s%n",
                                cut.getFileName(),
                                s,
                                n,
                                ref.size(),
                                substituted,
                                d.numbersByOutputOrder() ? "output order" : "timestamps");
                        for (int k = 0; k < n; k++) {
                            String got = md5(clip, k);
                            if (k < real && (k >= ref.size() || !got.equals(ref.get(k)))) {
                                bad.add(cut.getFileName() + " " + s + " frame " + k + " of " + n + " is ffmpeg's "
                                        + ref.indexOf(got) + " (ffmpeg has " + ref.size() + ", substituted "
                                        + substituted + ")");
                            }
                        }
                        assertTrue(
                                real <= ref.size() || ref.isEmpty(),
                                cut + ": " + real + " real frames, ffmpeg " + ref.size());
                    }
                } catch (VideoDecodeException e) {
                    assertEquals(cut, e.file());
                    assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
                }
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }
}
