package org.simvtp.data.transform;

import java.util.random.RandomGenerator;
import org.simvtp.data.video.DecodedClip;

/**
 * Fine-tuning spatial augmentation (spec §5.2): random resized crop then horizontal flip, the same for all frames.
 *
 * <p>Crop (torchvision's rule): up to 10 tries of area {@code U(0.08, 1) * W * H} and aspect
 * {@code exp(U(log 3/4, log 4/3))}, {@code w = round(sqrt(area * aspect))}, {@code h = round(sqrt(area / aspect))},
 * accepted when it fits, at a uniform position; otherwise a centre crop clamped to the aspect range. The crop is
 * resized to {@code size x size} with plain bilinear ({@link Resize.Mode#BILINEAR}), then flipped with
 * probability 0.5. The reference runs this on normalised floats; here it runs on uint8, which differs by at most
 * half a grey level before normalisation.
 *
 * <pre>{@code
 * DecodedClip out = new RandomResizedCropFlip(224).apply(clip, new SplittableRandom(3));
 * }</pre>
 */
public final class RandomResizedCropFlip implements SpatialTransform {
    private static final double MIN_AREA = 0.08;
    private static final double MAX_AREA = 1.0;
    private static final double MIN_RATIO = 3.0 / 4.0;
    private static final double MAX_RATIO = 4.0 / 3.0;
    private static final int TRIES = 10;

    private final int size;
    private final double flipProbability;

    /**
     * Creates the transform with flip probability 0.5.
     *
     * @param size output side (224)
     */
    public RandomResizedCropFlip(int size) {
        this(size, 0.5);
    }

    /**
     * Creates the transform.
     *
     * @param size output side
     * @param flipProbability probability of a horizontal flip
     */
    public RandomResizedCropFlip(int size, double flipProbability) {
        if (size <= 0 || flipProbability < 0 || flipProbability > 1) {
            throw new IllegalArgumentException("invalid size " + size + " or flip probability " + flipProbability);
        }
        this.size = size;
        this.flipProbability = flipProbability;
    }

    /**
     * Draws the crop box for a frame size.
     *
     * @param width frame width
     * @param height frame height
     * @param rng source of randomness
     * @return the crop box (always inside the frame)
     */
    public static CropBox chooseCrop(int width, int height, RandomGenerator rng) {
        double area = (double) width * height;
        double logMin = Math.log(MIN_RATIO);
        double logMax = Math.log(MAX_RATIO);
        for (int t = 0; t < TRIES; t++) {
            double target = area * (MIN_AREA + (MAX_AREA - MIN_AREA) * rng.nextDouble());
            double aspect = Math.exp(logMin + (logMax - logMin) * rng.nextDouble());
            int w = (int) Math.round(Math.sqrt(target * aspect));
            int h = (int) Math.round(Math.sqrt(target / aspect));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                int y = rng.nextInt(height - h + 1);
                int x = rng.nextInt(width - w + 1);
                return new CropBox(x, y, w, h);
            }
        }
        double ratio = (double) width / height;
        int w;
        int h;
        if (ratio < MIN_RATIO) {
            w = width;
            h = (int) Math.round(w / MIN_RATIO);
        } else if (ratio > MAX_RATIO) {
            h = height;
            w = (int) Math.round(h * MAX_RATIO);
        } else {
            w = width;
            h = height;
        }
        return new CropBox((width - w) / 2, (height - h) / 2, w, h);
    }

    @Override
    public DecodedClip apply(DecodedClip clip, RandomGenerator rng) {
        CropBox box = chooseCrop(clip.width(), clip.height(), rng);
        DecodedClip out =
                Resize.resize(clip.crop(box.x(), box.y(), box.width(), box.height()), size, size, Resize.Mode.BILINEAR);
        return rng.nextDouble() < flipProbability ? out.flipHorizontal() : out;
    }
}
