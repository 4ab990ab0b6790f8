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
     * Fine-tuning training, plain variant: {@link RandomResizedCropFlip} then normalisation, without the
     * reference's RandAugment and random erasing (see {@link #finetuneTrainReference(int)}).
     *
     * @param size output side
     * @return the transform
     */
    static ClipTransform finetuneTrain(int size) {
        return of(new RandomResizedCropFlip(size));
    }

    /**
     * Fine-tuning training as the reference does it (spec §5.2): {@link RandAugment#reference()} on the
     * full-resolution frames, {@link RandomResizedCropFlip}, normalisation, then
     * {@link RandomErasing#reference()} (probability 0.25, pixel mode, one box for all frames).
     *
     * <pre>{@code
     * ClipTensor x = ClipTransform.finetuneTrainReference(224).apply(clip, new SplittableRandom(0)).get(0);
     * }</pre>
     *
     * @param size output side
     * @return the transform
     */
    static ClipTransform finetuneTrainReference(int size) {
        return finetuneTrain(size, RandAugment.reference(), RandomErasing.reference());
    }

    /**
     * Fine-tuning training with optional augmentations: {@code randAugment} (uint8, before the crop), then
     * {@link RandomResizedCropFlip} and normalisation, then {@code erasing} (normalised floats). Random draws
     * come from {@code rng} in that order.
     *
     * @param size output side
     * @param randAugment RandAugment, or null to skip it
     * @param erasing random erasing, or null to skip it
     * @return the transform
     */
    static ClipTransform finetuneTrain(int size, RandAugment randAugment, RandomErasing erasing) {
        RandomResizedCropFlip crop = new RandomResizedCropFlip(size);
        return (clip, rng) -> {
            DecodedClip augmented = randAugment == null ? clip : randAugment.apply(clip, rng);
            ClipTensor x = ImageNetNormalize.imagenet().apply(crop.apply(augmented, rng));
            return List.of(erasing == null ? x : erasing.apply(x, rng));
        };
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
