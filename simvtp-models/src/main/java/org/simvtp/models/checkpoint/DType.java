package org.simvtp.models.checkpoint;

import ai.djl.ndarray.types.DataType;

/**
 * Element types of tensors in checkpoint files, named as in the safetensors format.
 *
 * <pre>{@code
 * DType t = DType.fromSafetensorsName("F16"); // F16, 2 bytes, floating point
 * }</pre>
 */
public enum DType {
    /** IEEE 754 double precision. */
    F64(8, true, DataType.FLOAT64),
    /** IEEE 754 single precision. */
    F32(4, true, DataType.FLOAT32),
    /** IEEE 754 half precision. */
    F16(2, true, DataType.FLOAT16),
    /** bfloat16: the upper 16 bits of a float (no exact DJL counterpart, see {@link #toDjl()}). */
    BF16(2, true, null),
    /** Signed 64-bit integer. */
    I64(8, false, DataType.INT64),
    /** Signed 32-bit integer. */
    I32(4, false, DataType.INT32),
    /** Signed 16-bit integer (no exact DJL counterpart, see {@link #toDjl()}). */
    I16(2, false, null),
    /** Signed 8-bit integer. */
    I8(1, false, DataType.INT8),
    /** Unsigned 8-bit integer. */
    U8(1, false, DataType.UINT8),
    /** Boolean stored as one byte, 0 or 1. */
    BOOL(1, false, DataType.BOOLEAN);

    private final int byteSize;
    private final boolean floatingPoint;
    private final DataType djlType;

    DType(int byteSize, boolean floatingPoint, DataType djlType) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
        this.djlType = djlType;
    }

    /**
     * Returns the size of one element.
     *
     * @return bytes per element
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Tells whether this is a floating-point type.
     *
     * @return true for F64, F32, F16 and BF16
     */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /**
     * Returns the DJL data type with the same element layout.
     *
     * <p>BF16 and I16 have none that works: the PyTorch engine of DJL 0.36 aborts the whole JVM on
     * any operation on a {@code BFLOAT16} or {@code INT16} array (measured), so they are refused
     * here; {@link TensorData#toNDArray} widens them to FLOAT32 and INT32 instead.
     *
     * @return the exactly matching DJL type
     * @throws UnsupportedOperationException for BF16 and I16
     */
    public DataType toDjl() {
        if (djlType == null) {
            throw new UnsupportedOperationException(this + " tensors have no usable exact DJL type (DJL 0.36's"
                    + " PyTorch engine aborts on BFLOAT16/INT16 arrays); use TensorData.toNDArray to widen them");
        }
        return djlType;
    }

    /**
     * Returns the type for a DJL data type.
     *
     * @param type a DJL type
     * @return the matching type
     * @throws IllegalArgumentException for DJL types without a usable counterpart (strings,
     *     unsigned wide ints, and BFLOAT16/INT16, which the PyTorch engine cannot handle)
     */
    public static DType fromDjl(DataType type) {
        for (DType t : values()) {
            if (t.djlType != null && t.djlType == type) {
                return t;
            }
        }
        throw new IllegalArgumentException("no checkpoint dtype for DJL data type " + type);
    }

    /**
     * Parses a safetensors dtype name.
     *
     * @param name for example {@code "F32"} or {@code "BOOL"}
     * @return the type
     * @throws IllegalArgumentException for unknown names
     */
    public static DType fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported dtype '" + name + "'");
    }
}
