package org.simvtp.data.transform;

import java.util.random.RandomGenerator;
import org.simvtp.data.video.DecodedClip;

/**
 * A uint8-to-uint8 spatial transform that treats every frame of a clip the same way (one random draw per clip).
 *
 * <pre>{@code
 * SpatialTransform t = new GroupMultiScaleCrop(224);
 * DecodedClip out = t.apply(clip, new SplittableRandom(0));
 * }</pre>
 */
@FunctionalInterface
public interface SpatialTransform {
    /**
     * Transforms a clip.
     *
     * @param clip input frames
     * @param rng source of randomness
     * @return the transformed clip
     */
    DecodedClip apply(DecodedClip clip, RandomGenerator rng);
}
