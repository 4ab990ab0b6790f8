package org.simvtp.data.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * Sets FFmpeg's global log level once. FFmpeg's own messages are silenced by default (errors reach callers as
 * {@link VideoDecodeException}s); set the system property {@code simvtp.ffmpeg.logLevel} to an FFmpeg level
 * number (e.g. 16 = error, 32 = info) to see them.
 */
final class FfmpegLogging {
    private static volatile boolean done;

    private FfmpegLogging() {}

    static synchronized void init() {
        if (done) {
            return;
        }
        int level = AV_LOG_QUIET;
        String prop = System.getProperty("simvtp.ffmpeg.logLevel");
        if (prop != null) {
            try {
                level = Integer.parseInt(prop.trim());
            } catch (NumberFormatException e) {
                level = AV_LOG_QUIET;
            }
        }
        av_log_set_level(level);
        done = true;
    }
}
