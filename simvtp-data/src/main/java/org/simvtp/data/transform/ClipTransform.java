package org.simvtp.data.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.simvtp.data.video.DecodedClip;

/**
 * Turns one decoded temporal view into one or more normalised tensors {@code [3, T, H, W]}: training transforms
 * give exactly one, the test transform one per spatial crop.
 *
 * <pre>{@code
 * ClipTransform pretrain = ClipTransform.pretrain(224);
 * ClipTensor x = pretrain.apply(clip, new SplittableRandom(0)).get(0);
 * }</pre>
 */
@FunctionalInterface
public interface ClipTransform {
    /**
     * Transforms one temporal view.
     *
     * @param clip uint8 frames
     * @param rng source of randomness
     * @return the spatial views, in order
     */
    List<ClipTensor> apply(DecodedClip clip, RandomGenerator rng);

    /**
     * A spatial transform followed by ImageNet normalisation (one view).
     *
     * @param spatial the spatial transform
     * @return the transform
     */
    static ClipTransform of(SpatialTransform spatial) {
        Objects.requireNonNull(spatial, "spatial");
        return (clip, rng) -> List.of(ImageNetNormalize.imagenet().apply(spatial.apply(clip, rng)));
    }

    /**
     * Pre-training: {@link GroupMultiScaleCrop} then normalisation.
     *
     * @param size output side
     * @return the transform
     */
    static ClipTransform pretrain(int size) {
        return of(new GroupMultiScaleCrop(size));
    }

    /**
     * Fine-tuning training: {@link RandomResizedCropFlip} then normalisation (RandAugment and random erasing
     * are not implemented).
     *
     * @param size output side
     * @return the transform
     */
    static ClipTransform finetuneTrain(int size) {
        return of(new RandomResizedCropFlip(size));
    }

    /**
     * Test: {@link TestResizeCrop} ({@code crops} views) then normalisation.
     *
     * @param size short side and crop side
     * @param crops number of spatial crops (&gt; 1)
     * @return the transform
     */
    static ClipTransform test(int size, int crops) {
        TestResizeCrop t = new TestResizeCrop(size, crops);
        return (clip, rng) -> {
            List<ClipTensor> out = new ArrayList<>(crops);
            for (DecodedClip view : t.apply(clip)) {
                out.add(ImageNetNormalize.imagenet().apply(view));
            }
            return out;
        };
    }
}
