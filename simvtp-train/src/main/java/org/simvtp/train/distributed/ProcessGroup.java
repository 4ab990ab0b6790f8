package org.simvtp.train.distributed;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The processes of a data-parallel run and the collective operations between them. Every rank must call the same
 * operations in the same order with buffers of the same sizes. Operations work in place on direct
 * {@link ByteBuffer}s, typically views of CPU tensors ({@code NDArray.toByteBuffer(true)}); {@link Collectives}
 * does the same for {@code NDArray}s on any device. A peer that dies or hangs makes every operation fail within
 * the configured timeout with a {@link CollectiveException} naming the lost ranks; the group is unusable afterwards.
 *
 * <pre>{@code
 * try (ProcessGroup group = GlooProcessGroup.connect(DistributedConfig.fromEnvironment())) {
 *     group.broadcast(weights, 0);
 *     group.allReduce(List.of(grad1, grad2), DataType.FLOAT32, ReduceOp.SUM, true);  // mean
 *     group.barrier();
 * }
 * }</pre>
 */
public interface ProcessGroup extends AutoCloseable {

    /** This process's rank in {@code [0, size())}. */
    int rank();

    /** Number of processes. */
    int size();

    /**
     * All-reduces every buffer in place; consecutive small buffers are packed into buckets so that one collective
     * carries many gradients.
     *
     * @param buffers direct buffers, each holding whole elements of {@code type}
     * @param type FLOAT32, FLOAT64, INT32 or INT64
     * @param op the reduction
     * @param mean divide the result by {@link #size()} (floating-point types with {@link ReduceOp#SUM} only)
     */
    void allReduce(List<ByteBuffer> buffers, DataType type, ReduceOp op, boolean mean);

    /**
     * All-reduces one buffer in place.
     *
     * @param buffer a direct buffer
     * @param type its element type
     * @param op the reduction
     */
    default void allReduce(ByteBuffer buffer, DataType type, ReduceOp op) {
        allReduce(List.of(buffer), type, op, false);
    }

    /**
     * Copies {@code root}'s buffer into every other rank's buffer.
     *
     * @param buffer a direct buffer of the same size on every rank
     * @param root the sending rank
     */
    void broadcast(ByteBuffer buffer, int root);

    /**
     * Concatenates every rank's {@code input} in rank order into {@code output}.
     *
     * @param input a direct buffer of the same size on every rank
     * @param output a direct buffer of {@code size() * input.capacity()} bytes
     */
    void allGather(ByteBuffer input, ByteBuffer output);

    /** Returns once every rank has called it. */
    void barrier();

    /** Closes the connections; the group cannot be used afterwards. */
    @Override
    void close();
}
