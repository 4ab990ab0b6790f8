package org.simvtp.models.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable tensor as stored in a checkpoint file: name, element type, shape and the
 * contiguous (row-major) little-endian bytes.
 *
 * <p>The bytes live on the Java heap or in a read-only memory mapping; they are never exposed
 * writable. Conversion to DJL happens only on request ({@link #toNDArray(NDManager)}).
 *
 * <pre>{@code
 * TensorData t = TensorData.ofFloats("bias", new long[] {3}, new float[] {1, 2, 3});
 * float[] v = t.toFloatArray();
 * try (NDManager m = NDManager.newBaseManager()) {
 *     NDArray a = t.toNDArray(m); // FLOAT32, shape (3)
 * }
 * }</pre>
 */
public final class TensorData {

    /** Largest number of bytes (and of array elements) one tensor may hold. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8L;

    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final long numel;
    private final ByteBuffer data;

    private TensorData(String name, DType dtype, long[] shape, long numel, ByteBuffer data) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.numel = numel;
        this.data = data;
    }

    /**
     * Creates a tensor from a copy of the remaining bytes of a buffer.
     *
     * @param name the tensor's name (may be empty)
     * @param dtype the element type
     * @param shape the dimensions, each non-negative
     * @param littleEndianBytes exactly {@code numel * dtype.byteSize()} remaining bytes, row-major,
     *     little-endian; the buffer's position is not changed
     * @return the tensor
     * @throws IllegalArgumentException if the shape is invalid or the byte count does not match
     */
    public static TensorData of(String name, DType dtype, long[] shape, ByteBuffer littleEndianBytes) {
        ByteBuffer source = littleEndianBytes.duplicate();
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source).flip();
        return wrap(name, dtype, shape, copy);
    }

    /**
     * Creates a float32 tensor.
     *
     * @param name the tensor's name
     * @param shape the dimensions
     * @param values {@code numel} values in row-major order
     * @return the tensor
     */
    public static TensorData ofFloats(String name, long[] shape, float[] values) {
        ByteBuffer buf =
                ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return wrap(name, DType.F32, shape, buf);
    }

    /**
     * Creates an int64 tensor.
     *
     * @param name the tensor's name
     * @param shape the dimensions
     * @param values {@code numel} values in row-major order
     * @return the tensor
     */
    public static TensorData ofLongs(String name, long[] shape, long[] values) {
        ByteBuffer buf =
                ByteBuffer.allocate(Math.multiplyExact(values.length, 8)).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return wrap(name, DType.I64, shape, buf);
    }

    /**
     * Copies an NDArray, keeping its data type exactly.
     *
     * <pre>{@code
     * TensorData w = TensorData.fromNDArray("fc.weight", array);
     * }</pre>
     *
     * @param name the tensor's name
     * @param array the array (any device; it is copied to the heap)
     * @return the tensor
     * @throws IllegalArgumentException for data types without a checkpoint counterpart
     */
    public static TensorData fromNDArray(String name, NDArray array) {
        DType dtype = DType.fromDjl(array.getDataType());
        ByteBuffer source = NDArrayBytes.littleEndian(array, dtype);
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source).flip();
        return wrap(name, dtype, array.getShape().getShape(), copy);
    }

    /**
     * Wraps a buffer without copying; the caller hands over ownership.
     *
     * @param name the name
     * @param dtype the element type
     * @param shape the dimensions (copied)
     * @param owned the bytes from position to limit; never written afterwards by anyone
     * @return the tensor
     */
    static TensorData wrap(String name, DType dtype, long[] shape, ByteBuffer owned) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        long[] dims = shape.clone();
        long numel = numelOf(dims);
        long bytes = Math.multiplyExact(numel, (long) dtype.byteSize());
        if (owned.remaining() != bytes) {
            throw new IllegalArgumentException("tensor '" + name + "' " + dtype + Arrays.toString(dims) + " needs "
                    + bytes + " bytes, got " + owned.remaining());
        }
        ByteBuffer view = owned.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return new TensorData(name, dtype, dims, numel, view);
    }

    /**
     * Computes the number of elements of a shape.
     *
     * @param shape the dimensions
     * @return their product
     * @throws IllegalArgumentException for negative dimensions or more than 2^31 bytes' worth
     */
    static long numelOf(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            if (d != 0 && n > MAX_BYTES / d) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " exceeds the 2 GiB limit of one tensor");
            }
            n *= d;
        }
        return n;
    }

    /**
     * Returns the name.
     *
     * @return the name, possibly empty
     */
    public String name() {
        return name;
    }

    /**
     * Returns the element type.
     *
     * @return the element type
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Returns the dimensions.
     *
     * @return a copy of the shape
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Returns the DJL shape.
     *
     * @return the shape as a DJL {@link Shape}
     */
    public Shape djlShape() {
        return new Shape(shape);
    }

    /**
     * Returns the number of elements.
     *
     * @return the product of the dimensions
     */
    public long numel() {
        return numel;
    }

    /**
     * Returns the number of bytes.
     *
     * @return {@code numel() * dtype().byteSize()}
     */
    public long byteSize() {
        return data.capacity();
    }

    /**
     * Returns the bytes.
     *
     * @return a new read-only little-endian view, position 0, limit {@link #byteSize()}
     */
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Returns the same tensor under another name, sharing the bytes.
     *
     * @param newName the new name
     * @return the renamed tensor
     */
    public TensorData withName(String newName) {
        return newName.equals(name) ? this : new TensorData(newName, dtype, shape, numel, data);
    }

    /**
     * Returns the values as floats, converting from any element type (F64 and I64 may round).
     *
     * @return a new array of {@code numel()} values
     */
    public float[] toFloatArray() {
        float[] out = new float[(int) numel];
        ByteBuffer b = data();
        switch (dtype) {
            case F32:
                b.asFloatBuffer().get(out);
                break;
            case F64:
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) b.getDouble(i * 8);
                }
                break;
            case F16:
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloats.halfToFloat(b.getShort(i * 2));
                }
                break;
            case BF16:
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloats.bfloat16ToFloat(b.getShort(i * 2));
                }
                break;
            default:
                long[] ints = toLongArray();
                for (int i = 0; i < out.length; i++) {
                    out[i] = ints[i];
                }
        }
        return out;
    }

    /**
     * Returns the values of an integer or boolean tensor as longs (U8 unsigned, BOOL as 0/1).
     *
     * @return a new array of {@code numel()} values
     * @throws IllegalStateException for floating-point tensors
     */
    public long[] toLongArray() {
        if (dtype.isFloatingPoint()) {
            throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not an integer type");
        }
        long[] out = new long[(int) numel];
        ByteBuffer b = data();
        for (int i = 0; i < out.length; i++) {
            switch (dtype) {
                case I64:
                    out[i] = b.getLong(i * 8);
                    break;
                case I32:
                    out[i] = b.getInt(i * 4);
                    break;
                case I16:
                    out[i] = b.getShort(i * 2);
                    break;
                case I8:
                    out[i] = b.get(i);
                    break;
                case U8:
                    out[i] = b.get(i) & 0xff;
                    break;
                default: // BOOL
                    out[i] = b.get(i) != 0 ? 1 : 0;
            }
        }
        return out;
    }

    /**
     * Returns this tensor with floating-point values widened or narrowed to F32; other types are
     * returned unchanged.
     *
     * @return an F32 tensor of the same name and shape, or {@code this}
     */
    public TensorData toFloat32() {
        if (dtype == DType.F32 || !dtype.isFloatingPoint()) {
            return this;
        }
        return ofFloats(name, shape, toFloatArray());
    }

    /**
     * Creates an NDArray for computation: FLOAT32 for every floating type (F16/BF16 widened, F64
     * narrowed), INT64 for I64, INT32 for I32/I16/I8, UINT8 for U8 and BOOLEAN for BOOL.
     *
     * <pre>{@code
     * NDArray w = checkpoint.stateDict("module").get("head.weight").toNDArray(manager);
     * }</pre>
     *
     * @param manager the manager that will own the array
     * @return a new array named like this tensor
     */
    public NDArray toNDArray(NDManager manager) {
        if (dtype.isFloatingPoint() && dtype != DType.F32) {
            return toFloat32().toNDArray(manager);
        }
        if (dtype == DType.I16 || dtype == DType.I8) {
            long[] values = toLongArray();
            ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                buf.putInt((int) v);
            }
            buf.flip();
            return create(manager, buf, DataType.INT32, 4);
        }
        return toNDArrayExact(manager);
    }

    /**
     * Creates an NDArray with exactly this element type (F16 stays FLOAT16, and so on).
     *
     * @param manager the manager that will own the array
     * @return a new array named like this tensor
     * @throws UnsupportedOperationException for BF16 and I16, which DJL's PyTorch engine cannot
     *     handle (see {@link DType#toDjl()})
     */
    public NDArray toNDArrayExact(NDManager manager) {
        return create(manager, data(), dtype.toDjl(), dtype.byteSize());
    }

    private NDArray create(NDManager manager, ByteBuffer littleEndian, DataType type, int elementSize) {
        // The PyTorch engine wraps a direct buffer without copying and reads it from its base
        // address in native order, so hand it a fresh, exclusively owned direct buffer.
        ByteBuffer direct = manager.allocateDirect(littleEndian.remaining());
        ByteOrders.copyFromLittleEndian(littleEndian, direct, elementSize);
        direct.rewind();
        NDArray array = manager.create(direct, new Shape(shape), type);
        if (!name.isEmpty()) {
            array.setName(name);
        }
        return array;
    }

    /**
     * Compares name, type, shape and bytes.
     *
     * @param o another object
     * @return true if all four are equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TensorData)) {
            return false;
        }
        TensorData t = (TensorData) o;
        return name.equals(t.name) && sameContent(t);
    }

    /**
     * Compares type, shape and bytes, ignoring the name.
     *
     * @param other another tensor
     * @return true if bit-identical in type, shape and data
     */
    public boolean sameContent(TensorData other) {
        return dtype == other.dtype && Arrays.equals(shape, other.shape) && data.equals(other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return "TensorData{" + name + " " + dtype + Arrays.toString(shape) + "}";
    }
}
