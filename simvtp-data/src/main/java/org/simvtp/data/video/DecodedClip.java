package org.simvtp.data.video;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * A clip of RGB uint8 frames laid out as {@code [F, H, W, 3]} in one byte array (row-major, channels last).
 *
 * <p>Instances are treated as immutable: every operation returns a new clip. {@link #data()} exposes the
 * backing array without copying for speed; callers must not modify it.
 *
 * <pre>{@code
 * DecodedClip clip = decoder.decode(new int[] {0, 4, 8}, 224, 224);
 * int red = clip.get(0, 10, 20, 0);         // frame 0, row 10, column 20, channel R
 * DecodedClip c = clip.crop(16, 16, 192, 192);
 * }</pre>
 */
public final class DecodedClip {
    private final byte[] data;
    private final int frames;
    private final int height;
    private final int width;

    private DecodedClip(byte[] data, int frames, int height, int width) {
        this.data = data;
        this.frames = frames;
        this.height = height;
        this.width = width;
    }

    /**
     * Wraps an array of {@code frames * height * width * 3} bytes (not copied).
     *
     * @param data RGB bytes in {@code [F, H, W, 3]} order
     * @param frames number of frames
     * @param height frame height
     * @param width frame width
     * @return the clip
     * @throws IllegalArgumentException if the sizes do not match
     */
    public static DecodedClip of(byte[] data, int frames, int height, int width) {
        if (frames <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "clip dimensions must be positive, got F=" + frames + " H=" + height + " W=" + width);
        }
        long expected = (long) frames * height * width * 3;
        if (data.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " bytes for [" + frames + ", " + height + ", "
                    + width + ", 3], got " + data.length);
        }
        return new DecodedClip(data, frames, height, width);
    }

    /**
     * Number of frames F.
     *
     * @return F
     */
    public int frames() {
        return frames;
    }

    /**
     * Frame height H.
     *
     * @return H
     */
    public int height() {
        return height;
    }

    /**
     * Frame width W.
     *
     * @return W
     */
    public int width() {
        return width;
    }

    /**
     * Bytes per frame, {@code H * W * 3}.
     *
     * @return the frame size
     */
    public int frameBytes() {
        return height * width * 3;
    }

    /**
     * The backing array ({@code [F, H, W, 3]}), not copied: do not modify.
     *
     * @return the bytes
     */
    public byte[] data() {
        return data;
    }

    /**
     * A read-only view of the bytes.
     *
     * @return a read-only buffer positioned at 0
     */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /**
     * One sample value as an unsigned int.
     *
     * @param f frame
     * @param y row
     * @param x column
     * @param c channel (0 = R, 1 = G, 2 = B)
     * @return the value in {@code 0..255}
     */
    public int get(int f, int y, int x, int c) {
        return data[((f * height + y) * width + x) * 3 + c] & 0xFF;
    }

    /**
     * Crops the same rectangle from every frame.
     *
     * @param x left column
     * @param y top row
     * @param w crop width
     * @param h crop height
     * @return the cropped clip
     * @throws IllegalArgumentException if the rectangle leaves the frame
     */
    public DecodedClip crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException(
                    "crop (x=" + x + ", y=" + y + ", w=" + w + ", h=" + h + ") outside frame " + width + "x" + height);
        }
        byte[] out = new byte[frames * h * w * 3];
        int rowBytes = w * 3;
        for (int f = 0; f < frames; f++) {
            for (int r = 0; r < h; r++) {
                int src = ((f * height + y + r) * width + x) * 3;
                System.arraycopy(data, src, out, (f * h + r) * rowBytes, rowBytes);
            }
        }
        return new DecodedClip(out, frames, h, w);
    }

    /**
     * Mirrors every frame left-right.
     *
     * @return the flipped clip
     */
    public DecodedClip flipHorizontal() {
        byte[] out = new byte[data.length];
        for (int row = 0; row < frames * height; row++) {
            int base = row * width * 3;
            for (int x = 0; x < width; x++) {
                int s = base + x * 3;
                int d = base + (width - 1 - x) * 3;
                out[d] = data[s];
                out[d + 1] = data[s + 1];
                out[d + 2] = data[s + 2];
            }
        }
        return new DecodedClip(out, frames, height, width);
    }

    /**
     * Frames {@code from} (inclusive) to {@code to} (exclusive) as a new clip.
     *
     * @param from first frame
     * @param to end frame, exclusive
     * @return the sub-clip
     */
    public DecodedClip subClip(int from, int to) {
        if (from < 0 || to > frames || from >= to) {
            throw new IllegalArgumentException("frame range [" + from + ", " + to + ") invalid for " + frames);
        }
        byte[] out = new byte[(to - from) * frameBytes()];
        System.arraycopy(data, from * frameBytes(), out, 0, out.length);
        return new DecodedClip(out, to - from, height, width);
    }

    /**
     * Gathers frames by index (indices may repeat and come in any order), as a decoder would return them.
     *
     * <pre>{@code
     * DecodedClip four = clip.select(new int[] {0, 4, 8, 8});
     * }</pre>
     *
     * @param frameIndices indices in {@code 0 .. frames-1}
     * @return a new clip with {@code frameIndices.length} frames
     * @throws IllegalArgumentException if the list is empty or an index is out of range
     */
    public DecodedClip select(int[] frameIndices) {
        if (frameIndices.length == 0) {
            throw new IllegalArgumentException("no frame indices");
        }
        int fb = frameBytes();
        byte[] out = new byte[frameIndices.length * fb];
        for (int i = 0; i < frameIndices.length; i++) {
            int f = frameIndices[i];
            if (f < 0 || f >= frames) {
                throw new IllegalArgumentException("frame index " + f + " out of range [0, " + frames + ")");
            }
            System.arraycopy(data, f * fb, out, i * fb, fb);
        }
        return new DecodedClip(out, frameIndices.length, height, width);
    }

    /**
     * Copies the clip into a uint8 NDArray of shape {@code [F, H, W, 3]} owned by {@code manager}.
     *
     * @param manager the owning manager
     * @return the array
     */
    public NDArray toNDArray(NDManager manager) {
        return manager.create(ByteBuffer.wrap(data), new Shape(frames, height, width, 3), DataType.UINT8);
    }

    @Override
    public String toString() {
        return "DecodedClip[" + frames + ", " + height + ", " + width + ", 3]";
    }
}
