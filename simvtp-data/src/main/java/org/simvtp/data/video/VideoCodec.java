package org.simvtp.data.video;

import java.util.List;

/**
 * Encoders available in the bundled LGPL FFmpeg build (no libx264), with the arguments {@link FfmpegTool} uses.
 *
 * <pre>{@code
 * VideoWriter.write(clip, 25, VideoCodec.H264, Path.of("out.mp4"));
 * }</pre>
 */
public enum VideoCodec {
    /** H.264 through Cisco's libopenh264, in MP4. */
    H264("mp4", "libopenh264", List.of("-c:v", "libopenh264", "-b:v", "2M", "-pix_fmt", "yuv420p")),
    /** MPEG-4 part 2 (FFmpeg's native encoder), in MP4, quantiser 2 (high quality). */
    MPEG4("mp4", "mpeg4", List.of("-c:v", "mpeg4", "-q:v", "2", "-pix_fmt", "yuv420p")),
    /** VP8 through libvpx, in WebM. */
    VP8("webm", "libvpx", List.of("-c:v", "libvpx", "-b:v", "2M", "-crf", "10", "-pix_fmt", "yuv420p"));

    private final String extension;
    private final String encoderName;

    @SuppressWarnings("ImmutableEnumChecker") // every constant passes List.of(...), which is unmodifiable
    private final List<String> encoderArgs;

    VideoCodec(String extension, String encoderName, List<String> encoderArgs) {
        this.extension = extension;
        this.encoderName = encoderName;
        this.encoderArgs = encoderArgs;
    }

    /**
     * FFmpeg encoder name, e.g. {@code libopenh264}.
     *
     * @return the encoder name
     */
    public String encoderName() {
        return encoderName;
    }

    /**
     * Usual file extension (without dot) of the container for this codec.
     *
     * @return e.g. {@code mp4}
     */
    public String extension() {
        return extension;
    }

    /**
     * The ffmpeg command-line arguments selecting this encoder.
     *
     * @return an immutable list
     */
    public List<String> encoderArgs() {
        return encoderArgs;
    }
}
