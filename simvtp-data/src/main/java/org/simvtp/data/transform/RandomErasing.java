package org.simvtp.data.transform;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Random erasing of one box on a normalised clip {@code [C, T, H, W]}, the same box for all frames ("cube";
 * timm's RandomErasing as copied into SimVTP's {@code random_erasing.py}, spec §5.2).
 *
 * <p>Per clip: nothing unless {@code u < probability}. Then up to {@code attempts} tries of
 * {@code area = U(minArea, maxArea) * H * W}, {@code aspect = exp(U(log minAspect, log maxAspect))},
 * {@code h = rint(sqrt(area * aspect))}, {@code w = rint(sqrt(area / aspect))} (Python's round: half to even),
 * accepted when {@code w < W} and {@code h < H} (strict), at {@code top = U{0..H-h}}, {@code left = U{0..W-w}}.
 * The box of every frame is then filled, frame by frame, according to {@link Mode}; in {@link Mode#PIXEL} each
 * value is a fresh standard normal (values live in normalised space, so no de-normalisation). The reference
 * cube variant tries 100 times (the per-image variant 10); a failed search erases nothing.
 *
 * <pre>{@code
 * ClipTensor erased = RandomErasing.reference().apply(tensor, new SplittableRandom(1));
 * }</pre>
 */
public final class RandomErasing {
    /** How the erased box is filled. */
    public enum Mode {
        /** Zeros (timm "const"). */
        CONST,
        /** One standard-normal value per channel and frame (timm "rand"). */
        RAND,
        /** One standard-normal value per sample (timm "pixel"). */
        PIXEL
    }

    private final double probability;
    private final double minArea;
    private final double maxArea;
    private final double logMinAspect;
    private final double logMaxAspect;
    private final int attempts;
    private final Mode mode;

    private RandomErasing(Builder b) {
        this.probability = b.probability;
        this.minArea = b.minArea;
        this.maxArea = b.maxArea;
        this.logMinAspect = Math.log(b.minAspect);
        this.logMaxAspect = Math.log(b.maxAspect);
        this.attempts = b.attempts;
        this.mode = b.mode;
    }

    /**
     * The reference setting: probability 0.25, area 0.02..1/3, aspect 0.3..1/0.3, 100 attempts, pixel mode.
     *
     * @return the transform
     */
    public static RandomErasing reference() {
        return builder().build();
    }

    /**
     * A builder with the reference defaults (see {@link #reference()}); timm's own default probability is 0.5
     * and mode "const".
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws whether and where to erase.
     *
     * @param height frame height
     * @param width frame width
     * @param rng source of randomness
     * @return the box, or empty when not erasing (probability draw, every attempt rejected, or a box of zero
     *     size on a tiny frame)
     */
    public Optional<CropBox> drawBox(int height, int width, RandomGenerator rng) {
        if (!(rng.nextDouble() < probability)) {
            return Optional.empty();
        }
        double area = (double) height * width;
        for (int t = 0; t < attempts; t++) {
            double target = (minArea + (maxArea - minArea) * rng.nextDouble()) * area;
            double aspect = Math.exp(logMinAspect + (logMaxAspect - logMinAspect) * rng.nextDouble());
            int h = (int) Math.rint(Math.sqrt(target * aspect));
            int w = (int) Math.rint(Math.sqrt(target / aspect));
            if (w < width && h < height) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                return w > 0 && h > 0 ? Optional.of(new CropBox(left, top, w, h)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Erases one box (the same for all frames) of a copy of the clip.
     *
     * @param clip normalised clip {@code [C, T, H, W]}
     * @param rng source of randomness
     * @return a new tensor, or {@code clip} itself when nothing was erased
     */
    public ClipTensor apply(ClipTensor clip, RandomGenerator rng) {
        Optional<CropBox> box = drawBox(clip.height(), clip.width(), rng);
        if (box.isEmpty()) {
            return clip;
        }
        CropBox b = box.get();
        float[] out = clip.data().clone();
        int c = clip.channels();
        int t = clip.frames();
        int hh = clip.height();
        int ww = clip.width();
        for (int f = 0; f < t; f++) {
            for (int ch = 0; ch < c; ch++) {
                float constant = mode == Mode.RAND ? (float) rng.nextGaussian() : 0f;
                for (int y = b.y(); y < b.y() + b.height(); y++) {
                    int row = ((ch * t + f) * hh + y) * ww;
                    for (int x = b.x(); x < b.x() + b.width(); x++) {
                        out[row + x] = mode == Mode.PIXEL ? (float) rng.nextGaussian() : constant;
                    }
                }
            }
        }
        return new ClipTensor(out, c, t, hh, ww);
    }

    /**
     * Probability of erasing a clip.
     *
     * @return the probability
     */
    public double probability() {
        return probability;
    }

    /**
     * The fill mode.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /** Builder for {@link RandomErasing}; validated in {@link #build()}. */
    public static final class Builder {
        private double probability = 0.25;
        private double minArea = 0.02;
        private double maxArea = 1.0 / 3.0;
        private double minAspect = 0.3;
        private double maxAspect = 1.0 / 0.3;
        private int attempts = 100;
        private Mode mode = Mode.PIXEL;

        private Builder() {}

        /**
         * Sets the probability of erasing a clip.
         *
         * @param value in [0, 1]
         * @return this builder
         */
        public Builder optProbability(double value) {
            this.probability = value;
            return this;
        }

        /**
         * Sets the range of the box area as a fraction of the frame area.
         *
         * @param min lower bound &gt; 0
         * @param max upper bound, {@code min <= max <= 1}
         * @return this builder
         */
        public Builder optArea(double min, double max) {
            this.minArea = min;
            this.maxArea = max;
            return this;
        }

        /**
         * Sets the range of the aspect ratio h/w (drawn log-uniformly).
         *
         * @param min lower bound &gt; 0
         * @param max upper bound &ge; min
         * @return this builder
         */
        public Builder optAspect(double min, double max) {
            this.minAspect = min;
            this.maxAspect = max;
            return this;
        }

        /**
         * Sets the number of box draws before giving up.
         *
         * @param value &ge; 1 (reference cube variant: 100)
         * @return this builder
         */
        public Builder optAttempts(int value) {
            this.attempts = value;
            return this;
        }

        /**
         * Sets the fill mode.
         *
         * @param value the mode
         * @return this builder
         */
        public Builder optMode(Mode value) {
            this.mode = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the transform
         * @throws IllegalArgumentException if a setting is out of range
         */
        public RandomErasing build() {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("RandomErasing: probability must be in [0, 1], got " + probability);
            }
            if (!(minArea > 0 && minArea <= maxArea && maxArea <= 1)) {
                throw new IllegalArgumentException(
                        "RandomErasing: need 0 < minArea <= maxArea <= 1, got " + minArea + ", " + maxArea);
            }
            if (!(minAspect > 0 && minAspect <= maxAspect && Double.isFinite(maxAspect))) {
                throw new IllegalArgumentException(
                        "RandomErasing: need 0 < minAspect <= maxAspect, got " + minAspect + ", " + maxAspect);
            }
            if (attempts < 1) {
                throw new IllegalArgumentException("RandomErasing: attempts must be >= 1, got " + attempts);
            }
            if (mode == null) {
                throw new IllegalArgumentException("RandomErasing: mode is null");
            }
            return new RandomErasing(this);
        }
    }
}
