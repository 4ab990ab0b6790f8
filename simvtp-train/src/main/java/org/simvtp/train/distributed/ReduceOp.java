package org.simvtp.train.distributed;

/**
 * Element-wise reduction of an all-reduce.
 *
 * <pre>{@code
 * group.allReduce(buffer, DataType.INT64, ReduceOp.MAX);
 * }</pre>
 */
public enum ReduceOp {
    /** Sum over ranks. */
    SUM,
    /** Maximum over ranks. */
    MAX,
    /** Minimum over ranks. */
    MIN
}
