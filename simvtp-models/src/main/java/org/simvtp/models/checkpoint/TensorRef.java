package org.simvtp.models.checkpoint;

import java.util.Arrays;

/**
 * A tensor view on a torch storage, validated but not yet read: storage offset, sizes and strides
 * in elements.
 */
final class TensorRef {

    final StorageRef storage;
    final long offset;
    final long[] shape;
    final long[] stride;
    final long numel;
    /** One past the largest storage element the view touches (relative to the storage start). */
    final long end;

    /**
     * Validates a view against its storage before anything is allocated.
     *
     * @throws IllegalArgumentException if the view is malformed or reaches outside the storage
     */
    TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
        if (shape.length != stride.length) {
            throw new IllegalArgumentException(
                    "size " + Arrays.toString(shape) + " and stride " + Arrays.toString(stride) + " differ in rank");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative storage offset " + offset);
        }
        long n = TensorData.numelOf(shape);
        if (n * storage.dtype.byteSize() > TensorData.MAX_BYTES) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " exceeds 2 GiB");
        }
        long last = offset;
        for (int d = 0; d < shape.length; d++) {
            if (stride[d] < 0) {
                throw new IllegalArgumentException("negative stride in " + Arrays.toString(stride));
            }
            if (shape[d] > 1) {
                try {
                    last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, stride[d]));
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException(
                            "view " + Arrays.toString(shape) + " with stride " + Arrays.toString(stride) + " overflows",
                            e);
                }
            }
        }
        long reach = n == 0 ? offset : last + 1;
        if (reach > storage.numel) {
            throw new IllegalArgumentException("tensor view (offset " + offset + ", size " + Arrays.toString(shape)
                    + ", stride " + Arrays.toString(stride) + ") needs " + reach + " elements but " + storage
                    + " has only " + storage.numel);
        }
        this.storage = storage;
        this.offset = offset;
        this.shape = shape.clone();
        this.stride = stride.clone();
        this.numel = n;
        this.end = reach;
    }

    /** Tells whether the view is row-major contiguous (dimensions of size 1 may have any stride). */
    boolean isContiguous() {
        if (numel == 0) {
            return true;
        }
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    @Override
    public String toString() {
        return "tensor " + storage.dtype + Arrays.toString(shape) + " on " + storage;
    }
}
