package org.simvtp.train.distributed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collective operations on {@link NDArray}s over a {@link ProcessGroup}. CPU tensors are reduced in place through
 * views of their storage; tensors on other devices (GPU) are staged through host buffers (a copy to the host before
 * and a copy back after the collective).
 *
 * <pre>{@code
 * Collectives.broadcast(group, List.of(weight, bias), 0);          // initial weights from rank 0
 * Collectives.allReduceMean(group, gradients);                      // bucketed, in place on CPU
 * NDArray all = Collectives.allGather(group, embeddings);          // (size * B, D); own rows keep autograd
 * }</pre>
 */
public final class Collectives {
    private Collectives() {}

    /**
     * Copies rank {@code root}'s values of {@code arrays} into every rank's arrays (same order and shapes everywhere).
     *
     * @param group the process group
     * @param arrays the arrays, e.g. the model parameters
     * @param root the sending rank
     */
    public static void broadcast(ProcessGroup group, Collection<NDArray> arrays, int root) {
        if (group.size() == 1) {
            return;
        }
        for (NDArray a : arrays) {
            HostView v = HostView.of(a);
            group.broadcast(v.buffer(), root);
            v.writeBack();
        }
    }

    /**
     * Replaces every array by its mean over the ranks (same order, shapes and types on every rank). Small arrays are
     * packed into buckets of {@link DistributedConfig#bucketBytes()}.
     *
     * @param group the process group
     * @param arrays FLOAT32 or FLOAT64 arrays, e.g. gradients
     */
    public static void allReduceMean(ProcessGroup group, List<NDArray> arrays) {
        if (group.size() == 1 || arrays.isEmpty()) {
            return;
        }
        Map<DataType, List<HostView>> byType = new LinkedHashMap<>();
        for (NDArray a : arrays) {
            byType.computeIfAbsent(a.getDataType(), t -> new ArrayList<>()).add(HostView.of(a));
        }
        byType.forEach((type, views) -> {
            List<ByteBuffer> buffers = new ArrayList<>(views.size());
            views.forEach(v -> buffers.add(v.buffer()));
            group.allReduce(buffers, type, ReduceOp.SUM, true);
            views.forEach(HostView::writeBack);
        });
    }

    /**
     * Concatenates every rank's {@code x} along axis 0, in rank order. The rows of this rank are {@code x} itself,
     * so gradients flow into the local part only (as with global negatives for a contrastive loss); the other
     * ranks' rows are constants. Every rank must pass the same shape (checked).
     *
     * @param group the process group
     * @param x a tensor of shape (B, ...)
     * @return a tensor of shape (size * B, ...) in {@code x}'s manager and on its device
     * @throws IllegalArgumentException if the ranks pass different shapes
     */
    public static NDArray allGather(ProcessGroup group, NDArray x) {
        if (group.size() == 1) {
            return x;
        }
        long[] dims = x.getShape().getShape();
        long[] gatheredDims = allGatherLongs(group, dims);
        for (int r = 0; r < group.size(); r++) {
            long[] other = Arrays.copyOfRange(gatheredDims, r * dims.length, (r + 1) * dims.length);
            if (!Arrays.equals(other, dims)) {
                throw new IllegalArgumentException("all-gather: rank " + group.rank() + " has shape " + x.getShape()
                        + " but rank " + r + " has " + new Shape(other));
            }
        }
        HostView local = HostView.of(x);
        ByteBuffer out = ByteBuffer.allocateDirect(local.buffer().capacity() * group.size())
                .order(ByteOrder.nativeOrder());
        group.allGather(local.buffer(), out);
        long[] allDims = dims.clone();
        allDims[0] *= group.size();
        NDArray all =
                x.getManager().create(out, new Shape(allDims), x.getDataType()).toDevice(x.getDevice(), false);
        NDList parts = all.split(group.size(), 0);
        NDArray[] pieces = parts.toArray(new NDArray[0]);
        pieces[group.rank()] = x;
        return NDArrays.concat(new NDList(pieces), 0);
    }

    /**
     * Mean over the ranks of named scalars (e.g. losses), in place of each rank's own values.
     *
     * @param group the process group
     * @param values name → value; the same names in the same order on every rank
     * @return name → mean over the ranks, in the same order
     */
    public static Map<String, Double> mean(ProcessGroup group, Map<String, Double> values) {
        if (group.size() == 1 || values.isEmpty()) {
            return values;
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(values.size() * Double.BYTES).order(ByteOrder.nativeOrder());
        DoubleBuffer d = buf.asDoubleBuffer();
        values.values().forEach(d::put);
        group.allReduce(List.of(buf), DataType.FLOAT64, ReduceOp.SUM, true);
        d.rewind();
        Map<String, Double> out = new LinkedHashMap<>();
        values.keySet().forEach(k -> out.put(k, d.get()));
        return out;
    }

    /**
     * Broadcasts a few longs from {@code root} (headers, counters).
     *
     * @param group the process group
     * @param values the values; root's are sent, the others' are replaced (same length everywhere)
     * @param root the sending rank
     * @return root's values
     */
    public static long[] broadcastLongs(ProcessGroup group, long[] values, int root) {
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(1, values.length) * Long.BYTES)
                .order(ByteOrder.nativeOrder());
        buf.asLongBuffer().put(values);
        group.broadcast(buf, root);
        long[] out = new long[values.length];
        buf.asLongBuffer().get(out);
        return out;
    }

    /**
     * Gathers a few longs from every rank, in rank order.
     *
     * @param group the process group
     * @param values this rank's values (same length on every rank)
     * @return {@code size * values.length} longs
     */
    public static long[] allGatherLongs(ProcessGroup group, long[] values) {
        ByteBuffer in = ByteBuffer.allocateDirect(values.length * Long.BYTES).order(ByteOrder.nativeOrder());
        in.asLongBuffer().put(values);
        ByteBuffer out = ByteBuffer.allocateDirect(values.length * Long.BYTES * group.size())
                .order(ByteOrder.nativeOrder());
        group.allGather(in, out);
        long[] result = new long[values.length * group.size()];
        LongBuffer lb = out.asLongBuffer();
        lb.get(result);
        return result;
    }
}
