package org.simvtp.data.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.simvtp.data.video.DecodedClip;

/**
 * Pre-training spatial augmentation (spec §5.1), identical for all frames of a clip.
 *
 * <p>With {@code base = min(W, H)}, crop sides are {@code int(base * s)} for {@code s} in {1, 0.875, 0.75, 0.66},
 * each replaced by the output size when within 3 px of it ({@code |side - size| < 3}); a (width, height) pair is
 * drawn uniformly among the pairs whose scale indices differ by at most 1; the offset is drawn from 13 fixed
 * positions with steps {@code (W - w) // 4} and {@code (H - h) // 4}: the 4 corners, the centre, the 4 edge
 * centres and the 4 quarter points. The crop is resized to {@code size x size} with PIL-style bilinear
 * ({@link Resize.Mode#BILINEAR_ANTIALIAS}); the aspect ratio is not preserved. No flip.
 *
 * <pre>{@code
 * DecodedClip out = new GroupMultiScaleCrop(224).apply(clip, new SplittableRandom(3)); // [T, 224, 224, 3]
 * }</pre>
 */
public final class GroupMultiScaleCrop implements SpatialTransform {
    private static final double[] SCALES = {1.0, 0.875, 0.75, 0.66};
    private static final int MAX_DISTORT = 1;
    /** Offsets in units of (wStep, hStep), in the reference order. */
    private static final int[][] OFFSETS = {
        {0, 0}, {4, 0}, {0, 4}, {4, 4}, {2, 2}, {0, 2}, {4, 2}, {2, 4}, {2, 0}, {1, 1}, {3, 1}, {1, 3}, {3, 3},
    };

    private final int size;

    /**
     * Creates the transform.
     *
     * @param size output side (224)
     */
    public GroupMultiScaleCrop(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        this.size = size;
    }

    /**
     * The candidate (width, height) crop pairs for a frame size, in the reference order.
     *
     * @param imageWidth frame width
     * @param imageHeight frame height
     * @return the pairs as {@code {w, h}}
     */
    public List<int[]> candidatePairs(int imageWidth, int imageHeight) {
        int base = Math.min(imageWidth, imageHeight);
        int[] sides = new int[SCALES.length];
        for (int i = 0; i < SCALES.length; i++) {
            int s = (int) (base * SCALES[i]);
            sides[i] = Math.abs(s - size) < 3 ? size : s;
        }
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < sides.length; i++) {
            for (int j = 0; j < sides.length; j++) {
                if (Math.abs(i - j) <= MAX_DISTORT) {
                    pairs.add(new int[] {sides[j], sides[i]});
                }
            }
        }
        return pairs;
    }

    /**
     * The 13 fixed offsets for a crop of {@code w x h}, in the reference order.
     *
     * @param imageWidth frame width
     * @param imageHeight frame height
     * @param w crop width
     * @param h crop height
     * @return the offsets as {@code {x, y}}
     */
    public static List<int[]> fixedOffsets(int imageWidth, int imageHeight, int w, int h) {
        int wStep = Math.floorDiv(imageWidth - w, 4);
        int hStep = Math.floorDiv(imageHeight - h, 4);
        List<int[]> out = new ArrayList<>(OFFSETS.length);
        for (int[] o : OFFSETS) {
            out.add(new int[] {o[0] * wStep, o[1] * hStep});
        }
        return out;
    }

    /**
     * Draws the crop for a frame size (one pair, then one offset).
     *
     * @param imageWidth frame width
     * @param imageHeight frame height
     * @param rng source of randomness
     * @return the crop box
     */
    public CropBox chooseCrop(int imageWidth, int imageHeight, RandomGenerator rng) {
        List<int[]> pairs = candidatePairs(imageWidth, imageHeight);
        int[] pair = pairs.get(rng.nextInt(pairs.size()));
        List<int[]> offsets = fixedOffsets(imageWidth, imageHeight, pair[0], pair[1]);
        int[] off = offsets.get(rng.nextInt(offsets.size()));
        return new CropBox(off[0], off[1], pair[0], pair[1]);
    }

    @Override
    public DecodedClip apply(DecodedClip clip, RandomGenerator rng) {
        CropBox box = chooseCrop(clip.width(), clip.height(), rng);
        return Resize.resize(Crops.crop(clip, box), size, size, Resize.Mode.BILINEAR_ANTIALIAS);
    }
}
