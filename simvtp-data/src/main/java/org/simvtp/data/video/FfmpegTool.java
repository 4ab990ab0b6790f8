package org.simvtp.data.video;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * Runs the {@code ffmpeg} executable bundled in the bytedeco FFmpeg jar (extracted to the JavaCPP cache by
 * {@code Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)}), with a timeout: an independent reference decoder for
 * tests and a general tool (lavfi sources, re-encoding). Check {@link #isAvailable()} first: the executable
 * needs {@code libpulse.so.0}, which headless machines often lack. Writing clips from Java frames does not need
 * it: use {@link VideoWriter}.
 *
 * <p>Instances are immutable and thread-safe; each call starts its own process.
 *
 * <pre>{@code
 * FfmpegTool tool = FfmpegTool.locate();
 * tool.run(List.of("-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=25",
 *         "-c:v", "libopenh264", "-pix_fmt", "yuv420p", "out.mp4"));
 * }</pre>
 */
public final class FfmpegTool {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static volatile FfmpegTool shared;
    private static volatile Boolean available;
    private static volatile String unavailableReason;

    private final Path executable;
    private final Duration timeout;

    private FfmpegTool(Path executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /**
     * Finds (extracting if needed) the bundled executable; the result is cached. This does not check that the
     * executable can start: see {@link #isAvailable()}.
     *
     * @return the tool with a 120 s timeout per call
     * @throws FfmpegToolException if the executable cannot be extracted
     */
    public static FfmpegTool locate() {
        FfmpegTool t = shared;
        if (t == null) {
            synchronized (FfmpegTool.class) {
                t = shared;
                if (t == null) {
                    t = new FfmpegTool(findExecutable(), DEFAULT_TIMEOUT);
                    shared = t;
                }
            }
        }
        return t;
    }

    /**
     * Whether the bundled executable runs on this machine ({@code ffmpeg -version} succeeds). The bytedeco build
     * links libavdevice against PulseAudio, so the executable needs {@code libpulse.so.0}: on machines without it
     * set the system property {@code simvtp.ffmpeg.libraryPath} (or the environment variable
     * {@code SIMVTP_FFMPEG_LIBRARY_PATH}) to a directory holding it. The in-process {@link VideoWriter} and
     * {@link VideoDecoder} do not need the executable.
     *
     * @return true when {@link #run} can be used
     */
    public static boolean isAvailable() {
        Boolean a = available;
        if (a == null) {
            synchronized (FfmpegTool.class) {
                a = available;
                if (a == null) {
                    try {
                        locate().withTimeout(Duration.ofSeconds(30)).runCapture(List.of("-version"));
                        a = Boolean.TRUE;
                    } catch (FfmpegToolException e) {
                        unavailableReason = e.getMessage();
                        a = Boolean.FALSE;
                    }
                    available = a;
                }
            }
        }
        return a;
    }

    /**
     * Why {@link #isAvailable()} returned false.
     *
     * @return the reason, or {@code null} when available or not yet checked
     */
    public static String unavailableReason() {
        return unavailableReason;
    }

    private static Path findExecutable() {
        try {
            String path = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
            if (path != null) {
                return Path.of(path);
            }
        } catch (LinkageError | RuntimeException e) {
            // Loading the program class also loads libjniavdevice, which needs libpulse.so.0; extract instead.
        }
        try {
            for (java.io.File f : Loader.cacheResources(org.bytedeco.ffmpeg.ffmpeg.class, Loader.getPlatform())) {
                java.io.File exe = f.isDirectory() ? new java.io.File(f, "ffmpeg") : f;
                if (exe.getName().equals("ffmpeg") && exe.isFile()) {
                    if (!exe.canExecute() && !exe.setExecutable(true)) {
                        throw new FfmpegToolException("cannot make " + exe + " executable");
                    }
                    return exe.toPath();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new FfmpegToolException("cannot extract the bundled ffmpeg executable: " + e, e);
        }
        throw new FfmpegToolException("the bundled ffmpeg executable was not found for " + Loader.getPlatform());
    }

    /** Library search path for the child process: the executable's folder, soname links, the user's folder. */
    private String libraryPath() {
        List<String> dirs = new ArrayList<>();
        Path dir = executable.getParent();
        dirs.add(dir.toString());
        // The jar ships libva.so / libva-drm.so while the libraries ask for their .so.2 sonames.
        for (String lib : List.of("libva.so", "libva-drm.so", "libdrm.so")) {
            Path plain = dir.resolve(lib);
            Path versioned = dir.resolve(lib + ".2");
            if (java.nio.file.Files.exists(plain) && !java.nio.file.Files.exists(versioned)) {
                try {
                    java.nio.file.Files.createSymbolicLink(versioned, plain.getFileName());
                } catch (IOException | UnsupportedOperationException e) {
                    // another process may have created it; a missing link shows up in isAvailable()
                }
            }
        }
        String extra = System.getProperty("simvtp.ffmpeg.libraryPath", System.getenv("SIMVTP_FFMPEG_LIBRARY_PATH"));
        if (extra != null && !extra.isBlank()) {
            dirs.add(extra);
        }
        String inherited = System.getenv("LD_LIBRARY_PATH");
        if (inherited != null && !inherited.isBlank()) {
            dirs.add(inherited);
        }
        return String.join(java.io.File.pathSeparator, dirs);
    }

    /**
     * Returns a tool with another per-call timeout.
     *
     * @param value the timeout
     * @return a new tool
     */
    public FfmpegTool withTimeout(Duration value) {
        return new FfmpegTool(executable, Objects.requireNonNull(value, "timeout"));
    }

    /**
     * Path of the executable.
     *
     * @return the path
     */
    public Path executable() {
        return executable;
    }

    /**
     * Runs ffmpeg with {@code -nostdin -y -loglevel error} and the given arguments.
     *
     * @param args arguments after the common ones
     * @throws FfmpegToolException on a non-zero exit or timeout
     */
    public void run(List<String> args) {
        execute(args, null, false);
    }

    /**
     * Runs ffmpeg and returns its standard output (e.g. {@code -f rawvideo -}).
     *
     * @param args arguments after the common ones
     * @return the bytes written to stdout
     * @throws FfmpegToolException on a non-zero exit or timeout
     */
    public byte[] runCapture(List<String> args) {
        return execute(args, null, true);
    }

    /**
     * Encodes RGB frames (piped as rawvideo rgb24 to ffmpeg's stdin) to a video file.
     *
     * @param clip the frames; width and height must be even for yuv420p encoders
     * @param fps frame rate
     * @param codec the encoder
     * @param out output file (overwritten)
     * @throws FfmpegToolException if encoding fails
     */
    public void encodeRgb(DecodedClip clip, int fps, VideoCodec codec, Path out) {
        List<String> args = new ArrayList<>(List.of(
                "-f",
                "rawvideo",
                "-pix_fmt",
                "rgb24",
                "-s",
                clip.width() + "x" + clip.height(),
                "-r",
                Integer.toString(fps),
                "-i",
                "-"));
        args.addAll(codec.encoderArgs());
        args.add(out.toAbsolutePath().toString());
        execute(args, clip.data(), false);
    }

    /**
     * Decodes chosen frames with the ffmpeg executable (select filter on the decoded frame number {@code n}, scale
     * with swscale bilinear, rgb24 to stdout): an independent reference for {@link VideoDecoder}.
     *
     * @param video the video
     * @param sortedDistinctIndices frame indices, ascending without repeats
     * @param width output width
     * @param height output height
     * @return the frames in ascending index order
     * @throws FfmpegToolException if ffmpeg fails or returns another number of frames
     */
    public DecodedClip referenceDecode(Path video, int[] sortedDistinctIndices, int width, int height) {
        StringBuilder select = new StringBuilder("select='");
        for (int i = 0; i < sortedDistinctIndices.length; i++) {
            if (i > 0) {
                select.append('+');
            }
            select.append("eq(n\\,").append(sortedDistinctIndices[i]).append(')');
        }
        select.append("',scale=").append(width).append(':').append(height).append(":flags=bilinear");
        byte[] bytes = runCapture(List.of(
                "-i",
                video.toAbsolutePath().toString(),
                "-vf",
                select.toString(),
                "-fps_mode",
                "passthrough",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "rgb24",
                "-"));
        int frameBytes = width * height * 3;
        if (bytes.length != (long) frameBytes * sortedDistinctIndices.length) {
            throw new FfmpegToolException("reference decode of " + video + " returned " + bytes.length
                    + " bytes, expected " + sortedDistinctIndices.length + " frames of " + frameBytes);
        }
        return DecodedClip.of(bytes, sortedDistinctIndices.length, height, width);
    }

    private byte[] execute(List<String> args, byte[] stdin, boolean captureStdout) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        if (stdin == null) {
            cmd.add("-nostdin");
        }
        cmd.addAll(List.of("-hide_banner", "-y", "-loglevel", "error"));
        cmd.addAll(args);
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("LD_LIBRARY_PATH", libraryPath());
            p = pb.start();
        } catch (IOException e) {
            throw new FfmpegToolException("cannot start " + executable + ": " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> out = drain(p.getInputStream(), "ffmpeg-stdout");
        CompletableFuture<byte[]> err = drain(p.getErrorStream(), "ffmpeg-stderr");
        try {
            try (OutputStream os = p.getOutputStream()) {
                if (stdin != null) {
                    os.write(stdin);
                }
            } catch (IOException e) {
                // ffmpeg exited early; its exit code and stderr tell why
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new FfmpegToolException("ffmpeg timed out after " + timeout.toMillis() + " ms: " + cmd);
            }
            byte[] stdout = out.get();
            String stderr = new String(err.get(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                String tail = stderr.length() > 2000 ? stderr.substring(stderr.length() - 2000) : stderr;
                throw new FfmpegToolException(
                        "ffmpeg exited with " + p.exitValue() + " for " + cmd + ": " + tail.strip());
            }
            return captureStdout ? stdout : new byte[0];
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FfmpegToolException("interrupted while running ffmpeg", e);
        } catch (ExecutionException e) {
            throw new FfmpegToolException("cannot read ffmpeg output: " + e.getCause(), e);
        }
    }

    /** Reads a stream on its own daemon thread (the common pool may have a single thread on small machines). */
    private static CompletableFuture<byte[]> drain(InputStream in, String name) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread t = new Thread(() -> result.complete(readAll(in)), name);
        t.setDaemon(true);
        t.start();
        return result;
    }

    private static byte[] readAll(InputStream in) {
        try (in;
                ByteArrayOutputStream buf = new ByteArrayOutputStream()) {
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
