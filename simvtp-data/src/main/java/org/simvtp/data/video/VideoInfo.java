package org.simvtp.data.video;

import java.nio.file.Path;

/**
 * Facts about an opened video stream.
 *
 * <p>{@code frameCount} is exact: it is the number of frames of the video stream in presentation order, counted
 * from the packet index that {@link VideoDecoder#open} builds by demuxing the whole file (no decoding).
 *
 * <pre>{@code
 * VideoInfo info = decoder.info();
 * int n = info.frameCount();
 * }</pre>
 *
 * @param file the file
 * @param frameCount number of frames (valid indices are {@code 0..frameCount-1})
 * @param fps average frame rate (frames per second), from the container or derived from the index
 * @param durationSeconds duration of the video stream in seconds
 * @param width coded frame width in pixels
 * @param height coded frame height in pixels
 * @param codecName FFmpeg codec name, e.g. {@code h264}, {@code mpeg4}, {@code vp8}
 */
public record VideoInfo(
        Path file, int frameCount, double fps, double durationSeconds, int width, int height, String codecName) {}
