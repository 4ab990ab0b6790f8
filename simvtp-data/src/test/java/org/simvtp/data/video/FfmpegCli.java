package org.simvtp.data.video;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The system's {@code ffmpeg}/{@code ffprobe} command-line tools (Debian's {@code ffmpeg} package, installed by
 * {@code .ci/run}), used to generate awkward test files and as the reference frame numbering. Override the folder
 * with the system property {@code simvtp.ffmpeg.cliDir}. Tests that need it are skipped when it is missing.
 */
final class FfmpegCli {
    private static final Path DIR = findDir();

    private FfmpegCli() {}

    private static Path findDir() {
        List<String> dirs = new ArrayList<>();
        String prop = System.getProperty("simvtp.ffmpeg.cliDir");
        if (prop != null && !prop.isBlank()) {
            dirs.add(prop);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        dirs.add("/usr/bin");
        for (String d : dirs) {
            Path ff = Path.of(d, "ffmpeg");
            Path fp = Path.of(d, "ffprobe");
            if (Files.isExecutable(ff) && Files.isExecutable(fp)) {
                try {
                    run(List.of(ff.toString(), "-hide_banner", "-version"));
                    return Path.of(d);
                } catch (IllegalStateException e) {
                    // not usable; try the next
                }
            }
        }
        return null;
    }

    static boolean available() {
        return DIR != null;
    }

    static String unavailableMessage() {
        return "the ffmpeg command-line tools (ffmpeg + ffprobe) are not on the PATH; install Debian's 'ffmpeg'"
                + " package (.ci/run does) to run the frame-numbering comparison";
    }

    /** Runs {@code ffmpeg -nostdin -y -loglevel error ARGS}. */
    static void ffmpeg(List<String> args) {
        List<String> cmd = new ArrayList<>(
                List.of(DIR.resolve("ffmpeg").toString(), "-nostdin", "-hide_banner", "-y", "-loglevel", "error"));
        cmd.addAll(args);
        run(cmd);
    }

    /**
     * The reference numbering: MD5 (hex) of every rgb24 frame that {@code ffmpeg -i FILE -f framemd5} outputs, in
     * order, with {@code -fps_mode passthrough} (every decoded frame once: the muxer's default frame-rate mode could
     * duplicate or drop frames whose timestamps are missing or irregular) and {@code -noautorotate} (rotation
     * metadata is not applied; neither the decoder nor decord applies it).
     */
    static List<String> frameMd5(Path file) {
        String out = run(List.of(
                DIR.resolve("ffmpeg").toString(),
                "-nostdin",
                "-hide_banner",
                "-loglevel",
                "error",
                "-noautorotate",
                "-i",
                file.toString(),
                "-map",
                "0:v:0",
                "-fps_mode",
                "passthrough",
                "-f",
                "framemd5",
                "-pix_fmt",
                "rgb24",
                "-"));
        List<String> md5 = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",");
            md5.add(f[f.length - 1].trim());
        }
        return md5;
    }

    /** {@code ffprobe -count_frames}: frames the decoder outputs for the first video stream. */
    static int countFrames(Path file) {
        String out = run(List.of(
                DIR.resolve("ffprobe").toString(),
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=nb_read_frames",
                "-of",
                "csv=p=0",
                file.toString()));
        return Integer.parseInt(out.trim().split("[,\\s]")[0]);
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread t = new Thread(() -> copy(p.getErrorStream(), err), "ffmpeg-cli-stderr");
            t.setDaemon(true);
            t.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy(p.getInputStream(), out);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            t.join(5000);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "exit " + p.exitValue() + " for " + cmd + ": " + err.toString(StandardCharsets.UTF_8));
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the exit status tells
        }
    }
}
