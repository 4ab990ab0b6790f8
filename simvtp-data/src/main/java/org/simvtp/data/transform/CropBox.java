package org.simvtp.data.transform;

/**
 * A crop rectangle in pixels; it may extend past the frame, in which case the outside is black (as PIL does).
 *
 * <pre>{@code
 * CropBox box = new CropBox(16, 0, 224, 224);
 * }</pre>
 *
 * @param x left column
 * @param y top row
 * @param width width
 * @param height height
 */
public record CropBox(int x, int y, int width, int height) {
    /**
     * Validates the size.
     *
     * @throws IllegalArgumentException if width or height is not positive
     */
    public CropBox {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("crop size must be positive, got " + width + "x" + height);
        }
    }
}
