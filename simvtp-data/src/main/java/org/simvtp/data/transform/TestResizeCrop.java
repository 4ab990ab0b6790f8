package org.simvtp.data.transform;

import java.util.ArrayList;
import java.util.List;
import org.simvtp.data.video.DecodedClip;

/**
 * Test-time spatial views (spec §5.2): resize so the short side is {@code size} (long side
 * {@code int(size * long / short)}, plain bilinear like OpenCV; unchanged if already so), then {@code crops}
 * square crops along the long side starting at {@code int(c * (long - size) / (crops - 1))}.
 *
 * <pre>{@code
 * List<DecodedClip> views = new TestResizeCrop(224, 3).apply(clip); // 3 clips of [T, 224, 224, 3]
 * }</pre>
 */
public final class TestResizeCrop {
    private final int size;
    private final int crops;

    /**
     * Creates the transform.
     *
     * @param size short side and crop side (224)
     * @param crops number of crops C; must be &gt; 1 (the reference divides by C - 1)
     */
    public TestResizeCrop(int size, int crops) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        if (crops <= 1) {
            throw new IllegalArgumentException("test crops must be > 1 (division by C-1), got " + crops);
        }
        this.size = size;
        this.crops = crops;
    }

    /**
     * Number of crops C.
     *
     * @return C
     */
    public int crops() {
        return crops;
    }

    /**
     * Resizes so that the short side equals {@code size}.
     *
     * @param clip input
     * @return the resized clip
     */
    public DecodedClip resizeShortSide(DecodedClip clip) {
        int w = clip.width();
        int h = clip.height();
        if ((w <= h && w == size) || (h <= w && h == size)) {
            return clip;
        }
        int ow;
        int oh;
        if (w < h) {
            ow = size;
            oh = (int) ((double) size * h / w);
        } else {
            oh = size;
            ow = (int) ((double) size * w / h);
        }
        return Resize.resize(clip, ow, oh, Resize.Mode.BILINEAR);
    }

    /**
     * Crop {@code c} of an already resized clip.
     *
     * @param resized output of {@link #resizeShortSide}
     * @param c crop number in {@code 0..crops-1}
     * @return a {@code size x size} clip
     */
    public DecodedClip crop(DecodedClip resized, int c) {
        if (c < 0 || c >= crops) {
            throw new IllegalArgumentException("crop " + c + " out of range [0, " + crops + ")");
        }
        int w = resized.width();
        int h = resized.height();
        double step = (double) (Math.max(w, h) - size) / (crops - 1);
        int start = (int) (c * step);
        return h >= w ? resized.crop(0, start, w, size) : resized.crop(start, 0, size, h);
    }

    /**
     * All {@code crops} views of a clip, in crop order.
     *
     * @param clip input
     * @return C clips
     */
    public List<DecodedClip> apply(DecodedClip clip) {
        DecodedClip resized = resizeShortSide(clip);
        List<DecodedClip> out = new ArrayList<>(crops);
        for (int c = 0; c < crops; c++) {
            out.add(crop(resized, c));
        }
        return out;
    }
}
