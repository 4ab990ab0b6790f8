package org.simvtp.models.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Copies of element data between buffers of possibly different byte orders. */
final class ByteOrders {

    private ByteOrders() {}

    /**
     * Copies the remaining elements of {@code src} (in its order) into {@code dst} as little-endian.
     *
     * @param src the source, read from position to limit
     * @param dst the destination, written from its position
     * @param elementSize 1, 2, 4 or 8
     */
    static void copyToLittleEndian(ByteBuffer src, ByteBuffer dst, int elementSize) {
        copy(src, dst.order(ByteOrder.LITTLE_ENDIAN), elementSize);
    }

    /**
     * Copies little-endian elements into {@code dst} in the destination's own byte order.
     *
     * @param littleEndian the source, read from position to limit
     * @param dst the destination, written from its position
     * @param elementSize 1, 2, 4 or 8
     */
    static void copyFromLittleEndian(ByteBuffer littleEndian, ByteBuffer dst, int elementSize) {
        copy(littleEndian.order(ByteOrder.LITTLE_ENDIAN), dst, elementSize);
    }

    private static void copy(ByteBuffer src, ByteBuffer dst, int elementSize) {
        if (elementSize == 1 || src.order() == dst.order()) {
            dst.put(src);
            return;
        }
        switch (elementSize) {
            case 2:
                while (src.hasRemaining()) {
                    dst.putShort(src.getShort());
                }
                break;
            case 4:
                while (src.hasRemaining()) {
                    dst.putInt(src.getInt());
                }
                break;
            case 8:
                while (src.hasRemaining()) {
                    dst.putLong(src.getLong());
                }
                break;
            default:
                throw new IllegalArgumentException("element size " + elementSize);
        }
    }
}
