package org.simvtp.models.checkpoint;

import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Copies the elements of an NDArray out as little-endian bytes. */
final class NDArrayBytes {

    private NDArrayBytes() {}

    /**
     * Returns the array's elements in row-major order as little-endian bytes.
     *
     * @param array the array
     * @param dtype its element type
     * @return a buffer positioned at 0 holding {@code numel * dtype.byteSize()} bytes
     */
    static ByteBuffer littleEndian(NDArray array, DType dtype) {
        ByteBuffer source = array.toByteBuffer();
        if (source.order() == ByteOrder.LITTLE_ENDIAN || dtype.byteSize() == 1) {
            return source;
        }
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        ByteOrders.copyToLittleEndian(source, copy, dtype.byteSize());
        return copy.flip();
    }
}
