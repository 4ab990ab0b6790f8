package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.List;

/**
 * Small functional building blocks shared by the SimVTP blocks. Every function keeps the activation as the
 * first operand, so results belong to the activation's (per-step) manager and never to the parameters'.
 */
public final class Layers {
    private Layers() {}

    /**
     * A 0-d tensor holding {@code value}, allocated by PyTorch in {@code like}'s manager, device and type.
     *
     * <p>Use it instead of DJL's {@code NDArray.mul(Number)} family on anything autograd may save: those methods
     * wrap a Java buffer in a temporary tensor and close it right after the op, so a backward pass that runs
     * after the next garbage collection reads freed memory (measured: NaN gradients once a GC ran between
     * forward and backward).
     */
    public static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /**
     * {@code x} in float32, differentiably: a half-precision {@code x} is added to a float32 zero of shape [1]
     * (type promotion; exact), because DJL's {@code toType} is invisible to autograd. Any other type is returned
     * as is, so float32 code paths are unchanged.
     *
     * <pre>{@code
     * NDArray logProbs = Layers.upcast(logits).logSoftmax(-1); // losses in float32 under float16 compute
     * }</pre>
     */
    public static NDArray upcast(NDArray x) {
        if (x.getDataType() != DataType.FLOAT16) {
            return x;
        }
        return x.add(x.getManager().zeros(new Shape(1), DataType.FLOAT32));
    }

    /**
     * A constant table (no gradient) as {@code type} in {@code manager}, e.g. sinusoid positions.
     *
     * <pre>{@code
     * NDArray pos = Layers.table(manager, values, new Shape(n, d), DataType.FLOAT16);
     * }</pre>
     */
    public static NDArray table(NDManager manager, float[] values, Shape shape, DataType type) {
        NDArray table = manager.create(values, shape);
        if (type == DataType.FLOAT32) {
            return table;
        }
        NDArray cast = table.toType(type, false);
        table.close();
        return cast;
    }

    /** LayerNorm over the last axis: {@code (x − mean) / √(var + eps) · gamma + beta}. */
    public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, double eps) {
        Shape last = new Shape(x.getShape().get(x.getShape().dimension() - 1));
        return LayerNorm.layerNorm(x, last, gamma, beta, (float) eps).singletonOrThrow();
    }

    /**
     * {@code x · Wᵀ + b} over the last axis; {@code bias} may be null. Inputs of more than two axes are viewed as
     * one matrix of rows, so that the bias is folded into the matrix product ({@code addmm}, as PyTorch's
     * {@code nn.Linear} does for contiguous inputs) instead of being added in a separate pass over the output.
     */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        if (bias == null) {
            return Linear.linear(x, weight).singletonOrThrow();
        }
        Shape shape = x.getShape();
        if (shape.dimension() <= 2) {
            return Linear.linear(x, weight, bias).singletonOrThrow();
        }
        long in = shape.get(shape.dimension() - 1);
        NDArray rows = Linear.linear(x.reshape(-1, in), weight, bias).singletonOrThrow();
        return rows.reshape(
                shape.slice(0, shape.dimension() - 1).add(weight.getShape().get(0)));
    }

    /**
     * Splits stacked rows back into groups: group g owns the next {@code B_g·N_g} rows of {@code rows} (one
     * {@code split}, whose gradient is a single concatenation).
     *
     * @param rows [R, ...] with R = Σ B_g·N_g
     * @param groups the groups' shapes [B_g, N_g, ...], in row order
     * @return one [B_g·N_g, ...] array per group
     */
    public static NDList splitRows(NDArray rows, List<Shape> groups) {
        if (groups.size() == 1) {
            return new NDList(rows);
        }
        long[] splits = new long[groups.size() - 1];
        long offset = 0;
        for (int g = 0; g < splits.length; g++) {
            offset += groups.get(g).get(0) * groups.get(g).get(1);
            splits[g] = offset;
        }
        return rows.split(splits, 0);
    }

    /**
     * Stochastic depth on a residual branch: in training, each sample's branch is dropped with probability
     * {@code rate} and the kept ones are scaled by 1 / (1 − rate); identity otherwise.
     */
    public static NDArray dropPath(NDArray branch, double rate, boolean training) {
        if (!training || rate <= 0) {
            return branch;
        }
        double keep = 1 - rate;
        long[] dims = new long[branch.getShape().dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = branch.getShape().get(0);
        NDArray keepMask = branch.getManager()
                .randomUniform(0, 1, new Shape(dims))
                .lt(keep)
                .toType(branch.getDataType(), false);
        return branch.div(scalar(branch, keep)).mul(keepMask);
    }

    /** Mean over axis 1 of [B, N, D] → [B, D], optionally only over positions where {@code keep} [B, N] is 1. */
    public static NDArray meanPool(NDArray tokens, NDArray keep) {
        if (keep == null) {
            return tokens.mean(new int[] {1});
        }
        NDArray weights = keep.toType(tokens.getDataType(), false).expandDims(2);
        return tokens.mul(weights)
                .sum(new int[] {1})
                .div(weights.sum(new int[] {1}).maximum(scalar(weights, 1)));
    }
}
