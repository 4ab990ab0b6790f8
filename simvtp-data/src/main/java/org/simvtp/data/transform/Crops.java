package org.simvtp.data.transform;

import org.simvtp.data.video.DecodedClip;

/** Crop helper: a box partly outside the frame is filled with black (PIL semantics). */
final class Crops {
    private Crops() {}

    static DecodedClip crop(DecodedClip clip, CropBox box) {
        if (box.x() >= 0
                && box.y() >= 0
                && box.x() + box.width() <= clip.width()
                && box.y() + box.height() <= clip.height()) {
            return clip.crop(box.x(), box.y(), box.width(), box.height());
        }
        int w = box.width();
        int h = box.height();
        byte[] out = new byte[clip.frames() * h * w * 3];
        byte[] src = clip.data();
        for (int f = 0; f < clip.frames(); f++) {
            for (int r = 0; r < h; r++) {
                int sy = box.y() + r;
                if (sy < 0 || sy >= clip.height()) {
                    continue;
                }
                int x0 = Math.max(0, box.x());
                int x1 = Math.min(clip.width(), box.x() + w);
                if (x1 <= x0) {
                    continue;
                }
                int s = ((f * clip.height() + sy) * clip.width() + x0) * 3;
                int d = ((f * h + r) * w + (x0 - box.x())) * 3;
                System.arraycopy(src, s, out, d, (x1 - x0) * 3);
            }
        }
        return DecodedClip.of(out, clip.frames(), h, w);
    }
}
