package org.simvtp.data.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P10LE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a corpus of bad and odd media files from a few valid clips written in-process: valid seeds (H.264,
 * MPEG-4, VP8, one-frame clips), odd ones (63x47, 10-bit AV1 and FFV1, variable frame rate, rotation matrix,
 * audio + video, audio only, YUV4MPEG2), lying headers (huge or zero dimensions), header-only files, wrong
 * extensions, junk (empty, random, text), and seeded damage to valid files: truncations, bit flips and
 * overwritten byte ranges. Each file says whether it must decode, must be rejected, or may do either.
 *
 * <pre>{@code
 * List<VideoCorpus.Entry> corpus = VideoCorpus.generate(dir, 42);
 * }</pre>
 */
final class VideoCorpus {
    /** What the decoder must do with a file. */
    enum Expect {
        /** Open, index and decode. */
        DECODE,
        /** Throw {@link VideoDecodeException}. */
        REJECT,
        /** Either of the two (damaged files). */
        EITHER
    }

    /** One file of the corpus. */
    record Entry(Path file, String kind, Expect expect) {}

    private final Path dir;
    private final SplittableRandom rng;
    private final List<Entry> entries = new ArrayList<>();

    private VideoCorpus(Path dir, long seed) {
        this.dir = dir;
        this.rng = new SplittableRandom(seed);
    }

    /** Writes the corpus into {@code dir} (deterministic for a seed) and lists it. */
    static List<Entry> generate(Path dir, long seed) {
        try {
            VideoCorpus c = new VideoCorpus(Files.createDirectories(dir), seed);
            c.build();
            return List.copyOf(c.entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void build() throws IOException {
        Path h264 = seed("h264", VideoCodec.H264, 24);
        Path mpeg4 = seed("mpeg4", VideoCodec.MPEG4, 16);
        Path vp8 = seed("vp8", VideoCodec.VP8, 32);
        seed("h264-1frame", VideoCodec.H264, 1);
        seed("mpeg4-1frame", VideoCodec.MPEG4, 1);
        seed("vp8-1frame", VideoCodec.VP8, 1);
        Path av1 = odd(
                Expect.DECODE,
                "av1-10bit.mkv",
                OddMediaWriter.Spec.video("libaom-av1", AV_PIX_FMT_YUV420P10LE, 64, 48, 8)
                        .withOption("cpu-used", "8")
                        .withOption("lag-in-frames", "0"));
        odd(Expect.DECODE, "ffv1-10bit.mkv", OddMediaWriter.Spec.video("ffv1", AV_PIX_FMT_YUV420P10LE, 64, 48, 6));
        odd(
                Expect.DECODE,
                "vp9-63x47.webm",
                OddMediaWriter.Spec.video("libvpx-vp9", AV_PIX_FMT_YUV420P, 63, 47, 8)
                        .withOption("deadline", "realtime")
                        .withOption("cpu-used", "8"));
        odd(Expect.DECODE, "vp8-63x47.webm", OddMediaWriter.Spec.video("libvpx", AV_PIX_FMT_YUV420P, 63, 47, 8));
        odd(Expect.DECODE, "ffv1-63x47.mkv", OddMediaWriter.Spec.video("ffv1", AV_PIX_FMT_YUV420P, 63, 47, 6));
        odd(Expect.DECODE, "mjpeg-63x47.avi", OddMediaWriter.Spec.video("mjpeg", AV_PIX_FMT_YUVJ420P, 63, 47, 6));
        odd(Expect.DECODE, "mpeg4-2x2.mp4", OddMediaWriter.Spec.video("mpeg4", AV_PIX_FMT_YUV420P, 2, 2, 4));
        long[] irregular = {0, 40, 50, 130, 140, 141, 300, 520, 530, 900, 910, 1500};
        Path vfr = odd(
                Expect.DECODE,
                "h264-vfr.mp4",
                OddMediaWriter.Spec.video("libopenh264", AV_PIX_FMT_YUV420P, 64, 48, 0)
                        .withPts(irregular, 1000));
        odd(
                Expect.DECODE,
                "vp8-vfr.mkv",
                OddMediaWriter.Spec.video("libvpx", AV_PIX_FMT_YUV420P, 64, 48, 0)
                        .withPts(irregular, 1000));
        odd(
                Expect.DECODE,
                "h264-rotated90.mp4",
                OddMediaWriter.Spec.video("libopenh264", AV_PIX_FMT_YUV420P, 64, 48, 8)
                        .withRotation(90));
        odd(
                Expect.DECODE,
                "mpeg4-rotated180.mov",
                OddMediaWriter.Spec.video("mpeg4", AV_PIX_FMT_YUV420P, 64, 48, 8)
                        .withRotation(180));
        odd(
                Expect.DECODE,
                "mpeg4-aac.mp4",
                OddMediaWriter.Spec.video("mpeg4", AV_PIX_FMT_YUV420P, 64, 48, 8)
                        .withAudio("aac"));
        odd(
                Expect.DECODE,
                "vp8-opus.webm",
                OddMediaWriter.Spec.video("libvpx", AV_PIX_FMT_YUV420P, 64, 48, 8)
                        .withAudio("libopus"));
        Path m4v = odd(
                Expect.DECODE,
                "mpeg4-elementary.m4v",
                OddMediaWriter.Spec.video("mpeg4", AV_PIX_FMT_YUV420P, 64, 48, 8));
        odd(Expect.REJECT, "audio-aac.m4a", OddMediaWriter.Spec.audioOnly("aac"));
        odd(Expect.REJECT, "audio-pcm.mkv", OddMediaWriter.Spec.audioOnly("pcm_s16le"));
        odd(Expect.REJECT, "audio-flac.flac", OddMediaWriter.Spec.audioOnly("flac"));
        odd(Expect.REJECT, "audio-mp3.mp3", OddMediaWriter.Spec.audioOnly("libmp3lame"));
        odd(Expect.REJECT, "audio-aac-named.mp4", OddMediaWriter.Spec.audioOnly("aac"));
        bytes(Expect.REJECT, "audio-tone.wav", RawMediaFiles.wav(8000, 8000));

        Path y4m = bytes(Expect.DECODE, "raw-63x47.y4m", RawMediaFiles.y4m(63, 47, 5, false));
        bytes(Expect.DECODE, "raw-10bit.y4m", RawMediaFiles.y4m(64, 48, 5, true));
        bytes(
                Expect.REJECT,
                "raw-header-100000x100000.y4m",
                RawMediaFiles.y4m("YUV4MPEG2 W100000 H100000 F25:1 Ip C420jpeg\n", 64, 48, 3, false));
        bytes(
                Expect.REJECT,
                "raw-header-16000x16000.y4m",
                RawMediaFiles.y4m("YUV4MPEG2 W16000 H16000 F25:1 Ip C420jpeg\n", 64, 48, 3, false));
        bytes(
                Expect.REJECT,
                "raw-header-16384x2.y4m",
                RawMediaFiles.y4m("YUV4MPEG2 W16385 H2 F25:1 Ip C420jpeg\n", 64, 48, 3, false));
        bytes(
                Expect.REJECT,
                "raw-header-0x48.y4m",
                RawMediaFiles.y4m("YUV4MPEG2 W0 H48 F25:1 Ip C420jpeg\n", 64, 48, 3, false));
        bytes(
                Expect.EITHER,
                "raw-header-fps0.y4m",
                RawMediaFiles.y4m("YUV4MPEG2 W64 H48 F0:0 Ip C420jpeg\n", 64, 48, 3, false));
        bytes(Expect.REJECT, "raw-header-only.y4m", RawMediaFiles.y4m(64, 48, 0, false));

        byte[] h264Bytes = Files.readAllBytes(h264);
        byte[] mpeg4Bytes = Files.readAllBytes(mpeg4);
        bytes(Expect.EITHER, "h264-tkhd-stsd-65535.mp4", MediaPatches.patchMp4Dimensions(h264Bytes, 65535, 65535));
        bytes(Expect.EITHER, "h264-tkhd-stsd-16000.mp4", MediaPatches.patchMp4Dimensions(h264Bytes, 16000, 16000));
        bytes(Expect.EITHER, "mpeg4-tkhd-stsd-0.mp4", MediaPatches.patchMp4Dimensions(mpeg4Bytes, 0, 0));
        byte[] m4vBytes = Files.readAllBytes(m4v);
        for (int size : new int[] {0, 640, 2000, 8191}) {
            bytes(Expect.EITHER, "mpeg4-vol-" + size + ".mp4", MediaPatches.patchVolDimensions(mpeg4Bytes, size));
            bytes(Expect.EITHER, "mpeg4-vol-" + size + ".m4v", MediaPatches.patchVolDimensions(m4vBytes, size));
        }
        bytes(
                Expect.EITHER,
                "mpeg4-vol-stsd-8191.mp4",
                MediaPatches.patchMp4Dimensions(MediaPatches.patchVolDimensions(mpeg4Bytes, 8191), 8191, 8191));
        bytes(Expect.REJECT, "h264-until-mdat.mp4", MediaPatches.mp4CutAt(h264Bytes, "mdat"));
        bytes(Expect.REJECT, "h264-without-mdat.mp4", MediaPatches.mp4Without(h264Bytes, "mdat"));
        bytes(Expect.REJECT, "mpeg4-ftyp-only.mp4", MediaPatches.mp4CutAt(mpeg4Bytes, "free"));
        bytes(Expect.REJECT, "vp8-header-only.webm", MediaPatches.webmHeaderOnly(Files.readAllBytes(vp8)));

        junk();
        wrongExtensions(h264, mpeg4, vp8, y4m);
        List<Path> victims = List.of(h264, mpeg4, vp8, av1, vfr);
        truncations(victims);
        bitFlips(victims, 64);
        overwrites(victims, 44);
    }

    private Path seed(String name, VideoCodec codec, int frames) {
        Path p = dir.resolve("seed-" + name + "." + codec.extension());
        VideoWriter.write(TestVideos.source(frames, 64, 48), 25, codec, 8, p);
        entries.add(new Entry(p, "seed " + name, Expect.DECODE));
        return p;
    }

    private Path odd(Expect expect, String name, OddMediaWriter.Spec spec) {
        Path p = OddMediaWriter.write(spec, dir.resolve("odd-" + name));
        entries.add(new Entry(p, "odd " + name, expect));
        return p;
    }

    private Path bytes(Expect expect, String name, byte[] content) throws IOException {
        Path p = Files.write(dir.resolve(name), content);
        entries.add(new Entry(p, name, expect));
        return p;
    }

    private void junk() throws IOException {
        for (String ext : List.of("mp4", "webm", "mkv")) {
            bytes(Expect.REJECT, "empty-" + ext + "." + ext, new byte[0]);
        }
        for (int size : new int[] {1, 7, 100, 4096, 100_000}) {
            byte[] b = new byte[size];
            rng.nextBytes(b);
            bytes(Expect.REJECT, "random-" + size + ".mp4", b);
        }
        bytes(Expect.REJECT, "zeros.mkv", new byte[20_000]);
        bytes(Expect.REJECT, "ones.webm", filled(20_000, (byte) 0xFF));
        bytes(Expect.REJECT, "text.mp4", "this is not a video\n".repeat(200).getBytes(StandardCharsets.UTF_8));
        bytes(
                Expect.REJECT,
                "html.webm",
                "<!DOCTYPE html><html><body>404 not found</body></html>\n".getBytes(StandardCharsets.UTF_8));
        bytes(
                Expect.REJECT,
                "json.mkv",
                "{\"video\": \"clip.mp4\", \"caption\": \"a cat\"}\n".getBytes(StandardCharsets.UTF_8));
        Path missing = dir.resolve("missing.mp4");
        entries.add(new Entry(missing, "missing", Expect.REJECT));
    }

    private void wrongExtensions(Path h264, Path mpeg4, Path vp8, Path y4m) throws IOException {
        String[][] renames = {
            {"h264", "webm"},
            {"h264", "avi"},
            {"h264", "txt"},
            {"h264", ""},
            {"mpeg4", "mkv"},
            {"mpeg4", "jpg"},
            {"vp8", "mp4"},
            {"vp8", "mov"},
            {"y4m", "mp4"}
        };
        for (String[] r : renames) {
            Path from =
                    switch (r[0]) {
                        case "h264" -> h264;
                        case "mpeg4" -> mpeg4;
                        case "vp8" -> vp8;
                        default -> y4m;
                    };
            bytes(Expect.DECODE, "wrong-ext-" + r[0] + (r[1].isEmpty() ? "" : "." + r[1]), Files.readAllBytes(from));
        }
    }

    private void truncations(List<Path> victims) throws IOException {
        int[] absolute = {1, 8, 32, 100, 500};
        double[] fractions = {0.1, 0.3, 0.5, 0.7, 0.9, 0.99};
        for (Path v : victims) {
            byte[] b = Files.readAllBytes(v);
            for (int n : absolute) {
                cut(v, b, Math.min(n, b.length - 1));
            }
            for (double f : fractions) {
                cut(v, b, (int) (b.length * f) + rng.nextInt(16));
            }
            cut(v, b, b.length - 1);
        }
    }

    private void cut(Path victim, byte[] b, int length) throws IOException {
        bytes(Expect.EITHER, "truncated-" + length + "-of-" + base(victim), Arrays.copyOf(b, length));
    }

    private void bitFlips(List<Path> victims, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Path v = victims.get(i % victims.size());
            byte[] b = Files.readAllBytes(v);
            int flips = 1 << rng.nextInt(7); // 1 .. 64 bits
            boolean header = i % 3 == 0; // a third aimed at the first 10 % (headers, index)
            int span = header ? Math.max(1, b.length / 10) : b.length;
            for (int k = 0; k < flips; k++) {
                int at = rng.nextInt(span);
                b[at] ^= (byte) (1 << rng.nextInt(8));
            }
            bytes(Expect.EITHER, "flipped-" + i + "-" + flips + "bits-of-" + base(v), b);
        }
    }

    private void overwrites(List<Path> victims, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Path v = victims.get(i % victims.size());
            byte[] b = Files.readAllBytes(v);
            int len = 1 + rng.nextInt(Math.min(2048, b.length / 4));
            int at = rng.nextInt(b.length - len);
            String mode =
                    switch (i % 3) {
                        case 0 -> "random";
                        case 1 -> "zero";
                        default -> "ff";
                    };
            for (int k = at; k < at + len; k++) {
                b[k] = mode.equals("random") ? (byte) rng.nextInt(256) : mode.equals("zero") ? 0 : (byte) 0xFF;
            }
            bytes(Expect.EITHER, "overwritten-" + i + "-" + mode + "-" + len + "at" + at + "-of-" + base(v), b);
        }
    }

    private static String base(Path p) {
        return p.getFileName().toString();
    }

    private static byte[] filled(int n, byte value) {
        byte[] b = new byte[n];
        Arrays.fill(b, value);
        return b;
    }
}
