package org.simvtp.data.video;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Media files written byte by byte, without FFmpeg: a mono 16-bit WAV tone (audio only) and YUV4MPEG2 clips,
 * whose text header can declare any size, frame rate or 8/10-bit chroma format.
 *
 * <pre>{@code
 * Files.write(dir.resolve("tone.wav"), RawMediaFiles.wav(8000, 8000));
 * Files.write(dir.resolve("odd.y4m"), RawMediaFiles.y4m(63, 47, 5, false));
 * }</pre>
 */
final class RawMediaFiles {
    private RawMediaFiles() {}

    /** A 440 Hz tone as a PCM WAV file. */
    static byte[] wav(int sampleRate, int samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF"))
                .putInt(36 + samples * 2)
                .put(ascii("WAVEfmt "))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(sampleRate)
                .putInt(sampleRate * 2)
                .putShort((short) 2)
                .putShort((short) 16)
                .put(ascii("data"))
                .putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / sampleRate)));
        }
        return b.array();
    }

    /** A YUV4MPEG2 clip of {@code frames} 4:2:0 frames at 25 fps, 8-bit or 10-bit (little-endian samples). */
    static byte[] y4m(int width, int height, int frames, boolean tenBit) {
        return y4m(
                "YUV4MPEG2 W" + width + " H" + height + " F25:1 Ip A1:1 " + (tenBit ? "C420p10" : "C420jpeg") + "\n",
                width,
                height,
                frames,
                tenBit);
    }

    /**
     * A YUV4MPEG2 file with an arbitrary header line (which may lie) followed by frames of the given real size.
     *
     * @param header the header including its newline
     */
    static byte[] y4m(String header, int width, int height, int frames, boolean tenBit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(header));
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        for (int f = 0; f < frames; f++) {
            out.writeBytes(ascii("FRAME\n"));
            plane(out, width, height, f, 0, tenBit);
            plane(out, cw, ch, f, 1, tenBit);
            plane(out, cw, ch, f, 2, tenBit);
        }
        return out.toByteArray();
    }

    private static void plane(ByteArrayOutputStream out, int w, int h, int frame, int component, boolean tenBit) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v8 = component == 0
                        ? 16 + ((x * 3 + y * 2 + frame * 7) % 220)
                        : 128 + (component == 1 ? 40 : -40) * ((x + frame) % 3 - 1);
                if (tenBit) {
                    int v = v8 << 2;
                    out.write(v & 0xFF);
                    out.write(v >>> 8);
                } else {
                    out.write(v8);
                }
            }
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
