package org.simvtp.train.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.NativeResource;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A {@link FloatBuffer} that aliases the memory of a float32 tensor in host memory, so that Java code can update
 * the tensor in place. Only dense, contiguous CPU tensors of the PyTorch engine qualify: DJL's
 * {@code toByteBuffer(true)} silently returns a copy for any other tensor, and writes into a copy would be lost.
 * Contiguity is asked from PyTorch through DJL's (package-private) JNI binding; when that binding cannot be
 * reached, no tensor qualifies and callers use tensor operations instead.
 */
final class HostFloatView {

    private static final ContiguityProbe PROBE = ContiguityProbe.find();

    private HostFloatView() {}

    /**
     * Returns a view of {@code array}'s memory, or null when writes through a buffer would not reach the tensor.
     *
     * @param array a tensor
     * @return a native-order float view aliasing the tensor, or null
     */
    static FloatBuffer of(NDArray array) {
        if (PROBE == null
                || array.getDataType() != DataType.FLOAT32
                || !Device.cpu().equals(array.getDevice())
                || array.isSparse()
                || !PROBE.isContiguous(array)) {
            return null;
        }
        return array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Whether tensors can be viewed at all in this process (the PyTorch binding was found). */
    static boolean available() {
        return PROBE != null;
    }

    /** PyTorch's intra-op thread count ({@code JniUtils.getNumThreads()}), or the processor count. */
    static int intraOpThreads() {
        try {
            Object threads = Class.forName("ai.djl.pytorch.jni.JniUtils")
                    .getMethod("getNumThreads")
                    .invoke(null);
            return Math.max(1, (Integer) threads);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** Calls {@code PyTorchLibrary.LIB.torchIsContiguous(handle)} reflectively. */
    private record ContiguityProbe(Object library, Method isContiguous) {

        static ContiguityProbe find() {
            try {
                Class<?> type = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
                Field lib = type.getDeclaredField("LIB");
                lib.setAccessible(true);
                Method method = type.getDeclaredMethod("torchIsContiguous", long.class);
                method.setAccessible(true);
                return new ContiguityProbe(lib.get(null), method);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }

        boolean isContiguous(NDArray array) {
            if (!(array instanceof NativeResource<?> resource) || !(resource.getHandle() instanceof Long handle)) {
                return false;
            }
            try {
                return (Boolean) isContiguous.invoke(library, handle);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }
    }
}
