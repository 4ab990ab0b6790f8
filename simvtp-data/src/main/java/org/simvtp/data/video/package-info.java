/**
 * Video decoding with the bundled FFmpeg (bytedeco): {@link org.simvtp.data.video.VideoDecoder} turns frame
 * indices into RGB uint8 clips, {@link org.simvtp.data.video.FfmpegTool} runs the bundled {@code ffmpeg}
 * executable (test clips, synthetic data).
 */
package org.simvtp.data.video;
