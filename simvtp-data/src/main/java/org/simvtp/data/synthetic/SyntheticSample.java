package org.simvtp.data.synthetic;

import org.simvtp.data.video.DecodedClip;

/**
 * One synthetic video-text pair.
 *
 * <pre>{@code
 * SyntheticSample s = generator.generate(1).get(0);
 * System.out.println(s.caption()); // e.g. "a small red circle moves left"
 * }</pre>
 *
 * @param id index of the sample in its generated list
 * @param caption the compositional caption
 * @param shape shape
 * @param color colour
 * @param size size (always {@link ShapeSize#SMALL} for {@link Motion#GROWS}: the start size)
 * @param motion motion
 * @param frames rendered RGB frames {@code [T, H, W, 3]}
 */
public record SyntheticSample(
        int id, String caption, ShapeKind shape, ShapeColor color, ShapeSize size, Motion motion, DecodedClip frames) {}
