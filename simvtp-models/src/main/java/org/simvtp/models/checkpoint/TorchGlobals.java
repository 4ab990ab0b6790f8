package org.simvtp.models.checkpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The torch part of the allow-list: typed-storage classes, tensor and parameter rebuild functions,
 * {@code torch.device} and {@code torch.Size}, each backed by Java code that only builds data.
 */
final class TorchGlobals {

    private static final String[][] STORAGES = {
        {"FloatStorage", "F32"}, {"HalfStorage", "F16"}, {"BFloat16Storage", "BF16"}, {"DoubleStorage", "F64"},
        {"LongStorage", "I64"}, {"IntStorage", "I32"}, {"ShortStorage", "I16"}, {"CharStorage", "I8"},
        {"ByteStorage", "U8"}, {"BoolStorage", "BOOL"},
    };

    private TorchGlobals() {}

    /**
     * Names the torch typed-storage class of an element type, as {@code torch.save} pickles it.
     *
     * @param dtype the element type
     * @return e.g. {@code "FloatStorage"} for F32
     */
    static String storageName(DType dtype) {
        for (String[] storage : STORAGES) {
            if (storage[1].equals(dtype.name())) {
                return storage[0];
            }
        }
        throw new IllegalArgumentException("no torch storage type for " + dtype);
    }

    /**
     * Adds the torch globals to a builder.
     *
     * @param builder an unpickler builder
     * @return the same builder
     */
    static RestrictedUnpickler.Builder register(RestrictedUnpickler.Builder builder) {
        for (String[] storage : STORAGES) {
            builder.optConstant("torch", storage[0], new StorageType(storage[0], DType.valueOf(storage[1])));
        }
        builder.optGlobal("torch._utils", "_rebuild_tensor_v2", args -> rebuildTensor(args, 6, 7));
        builder.optGlobal("torch._utils", "_rebuild_tensor", args -> rebuildTensor(args, 4, 4));
        builder.optGlobal("torch._utils", "_rebuild_parameter", args -> parameter(args, 3));
        builder.optGlobal("torch._utils", "_rebuild_parameter_with_state", args -> parameter(args, 4));
        builder.optGlobal("torch", "device", TorchGlobals::device);
        builder.optGlobal("torch", "Size", TorchGlobals::size);
        return builder;
    }

    /** {@code (storage, storage_offset, size, stride[, requires_grad, backward_hooks[, metadata]])}. */
    private static Object rebuildTensor(List<Object> args, int minArgs, int maxArgs) {
        if (args.size() < minArgs || args.size() > maxArgs) {
            throw new IllegalArgumentException("expected " + minArgs + (minArgs == maxArgs ? "" : " to " + maxArgs)
                    + " arguments, got " + args.size());
        }
        if (!(args.get(0) instanceof StorageRef)) {
            throw new IllegalArgumentException("first argument is " + Graphs.describe(args.get(0)) + ", not a storage");
        }
        return new TensorRef(
                (StorageRef) args.get(0),
                toLong(args.get(1), "storage offset"),
                toLongs(args.get(2), "size"),
                toLongs(args.get(3), "stride"));
    }

    /** {@code (data, requires_grad, backward_hooks[, state])}: a Parameter is its tensor. */
    private static Object parameter(List<Object> args, int count) {
        if (args.size() != count || !(args.get(0) instanceof TensorRef)) {
            throw new IllegalArgumentException("expected a tensor and " + (count - 1) + " more arguments");
        }
        return args.get(0);
    }

    /** {@code torch.device('cuda', 0)} becomes the string {@code "cuda:0"}. */
    private static Object device(List<Object> args) {
        if (args.isEmpty() || args.size() > 2 || !(args.get(0) instanceof String)) {
            throw new IllegalArgumentException("expected (type[, index])");
        }
        if (args.size() == 2 && args.get(1) != null) {
            return args.get(0) + ":" + toLong(args.get(1), "device index");
        }
        return args.get(0);
    }

    private static Object size(List<Object> args) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("expected (dims,)");
        }
        List<Object> dims = new ArrayList<>();
        for (long d : toLongs(args.get(0), "size")) {
            dims.add(d);
        }
        return PyTuple.copyOf(dims);
    }

    private static long toLong(Object value, String what) {
        if (!(value instanceof Long)) {
            throw new IllegalArgumentException(what + " is " + Graphs.describe(value) + ", not an int");
        }
        return (Long) value;
    }

    private static long[] toLongs(Object value, String what) {
        if (!(value instanceof List)) {
            throw new IllegalArgumentException(what + " is " + Graphs.describe(value) + ", not a tuple");
        }
        List<?> list = (List<?>) value;
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toLong(list.get(i), what + " element");
        }
        return out;
    }
}
