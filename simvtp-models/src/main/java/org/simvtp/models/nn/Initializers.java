package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.initializer.Initializer;

/**
 * The initialisations the reference uses for parameters that no checkpoint overwrites (spec §1.2).
 *
 * <pre>{@code
 * Initializer w = Initializers.xavierUniform(); // Linear weights of encoder, decoder and heads
 * }</pre>
 */
public final class Initializers {
    private Initializers() {}

    /** Xavier/Glorot uniform: U(−b, b) with b = √(6 / (fanIn + fanOut)), fans from [out, in, …] shapes. */
    public static Initializer xavierUniform() {
        return (manager, shape, dataType) -> {
            long receptive = shape.dimension() > 2 ? shape.slice(2).size() : 1;
            double fanIn = shape.get(1) * receptive;
            double fanOut = shape.get(0) * receptive;
            float bound = (float) Math.sqrt(6.0 / (fanIn + fanOut));
            return manager.randomUniform(-bound, bound, shape, dataType);
        };
    }

    /** PyTorch's default for convolution weights and biases: U(−1/√fanIn, 1/√fanIn) for a kernel of {@code fanIn}. */
    public static Initializer torchDefault(long fanIn) {
        float bound = (float) (1.0 / Math.sqrt((double) fanIn));
        return (manager, shape, dataType) -> manager.randomUniform(-bound, bound, shape, dataType);
    }

    /** Normal(0, std²), as BERT initialises its embeddings. */
    public static Initializer normal(float std) {
        return (manager, shape, dataType) -> manager.randomNormal(0, std, shape, dataType);
    }

    /**
     * Normal(0, std²) truncated to [−bound, bound] by resampling the values outside (from the engine's seeded
     * RNG); the reference's mask token uses std 0.02 and bound 0.02.
     */
    public static Initializer truncatedNormal(double std, double bound) {
        return (manager, shape, dataType) -> {
            NDArray x = manager.randomNormal(0, (float) std, shape, DataType.FLOAT32);
            for (int round = 0; round < 1000; round++) {
                NDArray outside = x.abs().gt(bound);
                if (!outside.any().getBoolean()) {
                    break;
                }
                x = NDArrays.where(outside, manager.randomNormal(0, (float) std, shape, DataType.FLOAT32), x);
            }
            return x.toType(dataType, false);
        };
    }

    /** All zeros. */
    public static Initializer zeros() {
        return (manager, shape, dataType) -> manager.zeros(shape, dataType);
    }

    /** All ones. */
    public static Initializer ones() {
        return (manager, shape, dataType) -> manager.ones(shape, dataType);
    }
}
