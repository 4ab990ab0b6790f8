package org.simvtp.train.distributed;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A direct host buffer for an {@link NDArray}: on the CPU, a view that aliases the tensor's storage
 * ({@code toByteBuffer(true)}), so collectives change the tensor in place; elsewhere (GPU, or a non-contiguous CPU
 * tensor) a staged copy that {@link #writeBack()} copies into the tensor.
 */
final class HostView {
    private final NDArray array;
    private final ByteBuffer buffer;
    private final boolean aliased;

    private HostView(NDArray array, ByteBuffer buffer, boolean aliased) {
        this.array = array;
        this.buffer = buffer;
        this.aliased = aliased;
    }

    /** A view of {@code array}, aliased when possible. */
    static HostView of(NDArray array) {
        if (Device.Type.CPU.equals(array.getDevice().getDeviceType())) {
            ByteBuffer a = array.toByteBuffer(true);
            if (a.isDirect()) {
                // A second call returns the same address only if both alias the storage (copies differ).
                ByteBuffer b = array.toByteBuffer(true);
                if (b.isDirect() && GlooNative.address(a) == GlooNative.address(b) && GlooNative.address(a) != 0) {
                    return new HostView(array, a.order(ByteOrder.nativeOrder()), true);
                }
            }
            return staged(array, a);
        }
        // DJL copies the tensor to a contiguous CPU tensor and returns a direct view of that copy: one device-to-host
        // copy by the engine, no Java-side copy; writeBack() is the host-to-device copy.
        return staged(array, array.toByteBuffer(true));
    }

    private static HostView staged(NDArray array, ByteBuffer copy) {
        ByteBuffer direct = copy;
        if (!copy.isDirect()) {
            direct = ByteBuffer.allocateDirect(copy.remaining()).order(ByteOrder.nativeOrder());
            direct.put(copy.duplicate()).flip();
        }
        return new HostView(array, direct.order(ByteOrder.nativeOrder()), false);
    }

    /** The direct buffer (position 0, capacity = the tensor's bytes). */
    ByteBuffer buffer() {
        return buffer;
    }

    /** Whether the buffer is the tensor's own storage. */
    boolean aliased() {
        return aliased;
    }

    /** Copies a staged buffer back into the tensor; nothing to do for an aliased view. */
    void writeBack() {
        if (!aliased) {
            array.set(buffer.duplicate().clear());
        }
    }
}
