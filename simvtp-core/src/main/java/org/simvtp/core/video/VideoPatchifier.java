package org.simvtp.core.video;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.simvtp.core.SimvtpConfig;

/**
 * Cuts clips into tubelet tokens and back, and builds the normalised pixel targets of the reconstruction loss
 * (spec §4.1).
 *
 * <p>Token order is {@code (t', h', w')}, time outermost. Inside a token, values are laid out with the channel
 * index fastest: {@code index = ((dt·p + dy)·p + dx)·C + c} — not the Conv3d weight order {@code (c, dt, dy, dx)}.
 * All work is done with whole-tensor reshapes and transposes; results belong to the input's manager.
 *
 * <p>Pixel target per token and channel: {@code (x − μ) / (σ + 1e−6)}, where {@code μ} and {@code σ} are the
 * mean and the unbiased (divide by {@code n − 1}) standard deviation over the token's {@code dt·p·p} pixels of
 * that channel, taken from the de-normalised clip; computed in float32 with a two-pass variance.
 *
 * <pre>{@code
 * VideoPatchifier patches = VideoPatchifier.of(SimvtpConfig.vitBase());
 * NDArray targets = patches.normalizedTargets(video);            // [B, 1568, 1536]
 * NDArray lossTargets = TokenGather.masked(targets, mask);       // [B, 1408, 1536]
 * NDArray clip = patches.unpatchify(patches.patchify(video));    // de-normalised video again
 * }</pre>
 */
public final class VideoPatchifier {

    /** Added to the standard deviation before dividing, as in the reference. */
    public static final float TARGET_EPS = 1e-6f;

    private final int channels;
    private final int numFrames;
    private final int height;
    private final int width;
    private final int tubeletSize;
    private final int patchSize;

    /**
     * Creates a patchifier for clips of a fixed geometry.
     *
     * @param channels channels {@code C}
     * @param numFrames frames {@code T}, a multiple of {@code tubeletSize}
     * @param height frame height, a multiple of {@code patchSize}
     * @param width frame width, a multiple of {@code patchSize}
     * @param tubeletSize frames per token {@code dt}
     * @param patchSize pixels per token side {@code p}
     * @throws IllegalArgumentException naming the first invalid size
     */
    public VideoPatchifier(int channels, int numFrames, int height, int width, int tubeletSize, int patchSize) {
        requirePositive("channels", channels);
        requirePositive("numFrames", numFrames);
        requirePositive("height", height);
        requirePositive("width", width);
        requirePositive("tubeletSize", tubeletSize);
        requirePositive("patchSize", patchSize);
        requireMultiple("numFrames", numFrames, "tubeletSize", tubeletSize);
        requireMultiple("height", height, "patchSize", patchSize);
        requireMultiple("width", width, "patchSize", patchSize);
        this.channels = channels;
        this.numFrames = numFrames;
        this.height = height;
        this.width = width;
        this.tubeletSize = tubeletSize;
        this.patchSize = patchSize;
    }

    /**
     * Creates the patchifier of a model configuration (square frames of {@code imageSize}).
     *
     * @param config the model configuration
     * @return the patchifier
     */
    public static VideoPatchifier of(SimvtpConfig config) {
        return new VideoPatchifier(
                config.channels(),
                config.numFrames(),
                config.imageSize(),
                config.imageSize(),
                config.tubeletSize(),
                config.patchSize());
    }

    /** Tokens per clip: {@code (T/dt)·(H/p)·(W/p)}. */
    public int numTokens() {
        return (numFrames / tubeletSize) * (height / patchSize) * (width / patchSize);
    }

    /** Pixels of one channel in a token: {@code dt·p·p}. */
    public int pixelsPerToken() {
        return tubeletSize * patchSize * patchSize;
    }

    /** Values per token: {@code dt·p·p·C}. */
    public int patchDim() {
        return pixelsPerToken() * channels;
    }

    /**
     * Cuts a clip into tokens without changing values.
     *
     * @param pixels clip {@code [B, C, T, H, W]}
     * @return {@code [B, N, patchDim]}, channel fastest
     */
    public NDArray cut(NDArray pixels) {
        long batch = checkVideo(pixels);
        try (NDManager sub = NDManager.subManagerOf(pixels)) {
            sub.tempAttachAll(pixels);
            return sub.ret(toTokenPixels(pixels, batch).reshape(batch, numTokens(), patchDim()));
        }
    }

    /**
     * De-normalises an ImageNet-normalised clip and cuts it into tokens (raw pixel values in {@code [0, 1]}).
     *
     * @param video normalised clip {@code [B, C, T, H, W]}, C = 3
     * @return {@code [B, N, patchDim]}, channel fastest
     */
    public NDArray patchify(NDArray video) {
        checkVideo(video);
        try (NDManager sub = NDManager.subManagerOf(video)) {
            sub.tempAttachAll(video);
            return sub.ret(cut(ImageNetNormalization.denormalize(video)));
        }
    }

    /**
     * The reference's normalised pixel targets for every token (spec §4.1 steps 1–4); no gradient.
     *
     * @param video normalised clip {@code [B, C, T, H, W]}, C = 3
     * @return {@code [B, N, patchDim]}, channel fastest
     */
    public NDArray normalizedTargets(NDArray video) {
        long batch = checkVideo(video);
        if (pixelsPerToken() < 2) {
            throw new IllegalStateException(
                    "an unbiased std needs at least 2 pixels per token, got " + pixelsPerToken());
        }
        try (NDManager sub = NDManager.subManagerOf(video)) {
            sub.tempAttachAll(video);
            NDArray x = toTokenPixels(ImageNetNormalization.denormalize(video), batch)
                    .reshape(batch, numTokens(), pixelsPerToken(), channels);
            NDArray centred = x.sub(x.mean(new int[] {2}, true));
            NDArray std = centred.square()
                    .sum(new int[] {2}, true)
                    .div(pixelsPerToken() - 1)
                    .sqrt();
            NDArray target = centred.div(std.add(TARGET_EPS)).reshape(batch, numTokens(), patchDim());
            return sub.ret(target.stopGradient());
        }
    }

    /**
     * Reassembles tokens into a clip; the inverse of {@link #cut(NDArray)}.
     *
     * @param tokens {@code [B, N, patchDim]}, channel fastest
     * @return clip {@code [B, C, T, H, W]}
     */
    public NDArray unpatchify(NDArray tokens) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 3 || shape.get(1) != numTokens() || shape.get(2) != patchDim()) {
            throw new IllegalArgumentException(
                    "unpatchify expects [B, " + numTokens() + ", " + patchDim() + "] tokens, got " + shape);
        }
        long batch = shape.get(0);
        try (NDManager sub = NDManager.subManagerOf(tokens)) {
            sub.tempAttachAll(tokens);
            NDArray grid = tokens.reshape(
                    batch,
                    numFrames / tubeletSize,
                    height / patchSize,
                    width / patchSize,
                    tubeletSize,
                    patchSize,
                    patchSize,
                    channels);
            // (B, T', H', W', dt, dy, dx, C) -> (B, C, T', dt, H', dy, W', dx)
            NDArray clip = grid.transpose(0, 7, 1, 4, 2, 5, 3, 6).reshape(batch, channels, numFrames, height, width);
            return sub.ret(clip);
        }
    }

    /** (B, C, T, H, W) -> (B, T', H', W', dt, dy, dx, C), still 8-D. */
    private NDArray toTokenPixels(NDArray x, long batch) {
        return x.reshape(
                        batch,
                        channels,
                        numFrames / tubeletSize,
                        tubeletSize,
                        height / patchSize,
                        patchSize,
                        width / patchSize,
                        patchSize)
                .transpose(0, 2, 4, 6, 3, 5, 7, 1);
    }

    private long checkVideo(NDArray video) {
        Shape s = video.getShape();
        if (s.dimension() != 5
                || s.get(1) != channels
                || s.get(2) != numFrames
                || s.get(3) != height
                || s.get(4) != width) {
            throw new IllegalArgumentException("expected a video [B, " + channels + ", " + numFrames + ", " + height
                    + ", " + width + "], got " + s);
        }
        return s.get(0);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void requireMultiple(String name, int value, String divisorName, int divisor) {
        if (value % divisor != 0) {
            throw new IllegalArgumentException(
                    name + " " + value + " is not divisible by " + divisorName + " " + divisor);
        }
    }

    @Override
    public String toString() {
        return "VideoPatchifier{C=" + channels + ", T=" + numFrames + ", H=" + height + ", W=" + width + ", tubelet="
                + tubeletSize + ", patch=" + patchSize + "}";
    }
}
