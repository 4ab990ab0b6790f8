package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DJL block whose parameters and children carry the reference (PyTorch {@code state_dict}) names.
 *
 * <p>DJL names nested parameters by position ({@code 01encoder_02attn_weight}); SimVTP checkpoints use dotted
 * module paths ({@code encoder.blocks.0.attn.qkv.weight}). Subclasses register parameters and children with
 * their reference names through {@link #param} and {@link #child}, and {@link #namedParameters()} returns the
 * full dotted map that checkpoint I/O, optimizers and parity tests work with. All shapes are fixed at
 * construction, so {@code initialize(manager, DataType.FLOAT32, new Shape(1))} ignores the input shape.
 *
 * <pre>{@code
 * VitBlock block = VitBlock.builder().setWidth(64).setHeads(2).build();
 * block.initialize(manager, DataType.FLOAT32, new Shape(1));
 * block.namedParameters().keySet(); // [norm1.weight, norm1.bias, attn.q_bias, ...]
 * }</pre>
 *
 * <p><b>Compute type.</b> Parameters are always float32 (the master weights). {@link #setComputeType} with
 * {@code FLOAT16} makes the blocks compute in half precision: each weight is read through {@link #weight}, which
 * casts it once per pass into the activations' manager, and inputs and fixed tables are cast on entry; losses
 * upcast to float32 ({@link Layers#upcast}). Because DJL's cast is invisible to autograd, the half copies are
 * leaves with their own gradients; after {@code backward}, {@link #accumulateComputeGradients} adds them to the
 * float32 parameters' gradients. With the default {@code FLOAT32} every weight is the parameter itself and
 * nothing changes (bit for bit).
 *
 * <pre>{@code
 * model.setComputeType(DataType.FLOAT16);
 * try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
 *     gc.backward(model.forward(in, true, random).lossTotal());
 *     model.accumulateComputeGradients(gc); // parameters' float32 gradients now hold the result
 * }
 * }</pre>
 */
public abstract class ReferenceBlock extends AbstractBlock {

    private final Map<String, Parameter> ownParameters = new LinkedHashMap<>();
    private final Map<String, ReferenceBlock> ownChildren = new LinkedHashMap<>();
    private final ComputeCopies computeCopies = new ComputeCopies();
    private DataType computeType = DataType.FLOAT32;

    /** Registers a parameter under its reference name (relative to this block). */
    protected final Parameter param(String name, Parameter.Type type, Shape shape, Initializer init) {
        Parameter p = Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(shape)
                .optInitializer(init)
                .build();
        ownParameters.put(name, addParameter(p));
        return p;
    }

    /** Registers a child block under its reference name (relative to this block). */
    protected final <B extends ReferenceBlock> B child(String name, B block) {
        ownChildren.put(name, addChildBlock(name, block));
        return block;
    }

    /** Every parameter of this block and its children, keyed by dotted reference name, in registration order. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        ownParameters.forEach((n, p) -> out.put(prefix + n, p));
        ownChildren.forEach((n, c) -> c.collect(prefix + n + ".", out));
    }

    /**
     * Sets the type this block and all its children compute in; parameters stay float32.
     *
     * @param type {@code FLOAT32} (default) or {@code FLOAT16}; {@code BFLOAT16} is refused because DJL 0.36's
     *     PyTorch engine aborts the JVM on any bfloat16 array (creation or cast)
     * @throws IllegalArgumentException for any other type
     */
    public final void setComputeType(DataType type) {
        if (type == DataType.BFLOAT16) {
            throw new IllegalArgumentException("bfloat16 compute is not available: DJL 0.36's PyTorch engine"
                    + " aborts the JVM (\"terminate called without an active exception\") on any bfloat16 array,"
                    + " even a cast; use FLOAT16 or FLOAT32");
        }
        if (type != DataType.FLOAT32 && type != DataType.FLOAT16) {
            throw new IllegalArgumentException("compute type must be FLOAT32 or FLOAT16, got " + type);
        }
        computeType = type;
        computeCopies.clear();
        for (ReferenceBlock c : ownChildren.values()) {
            c.setComputeType(type);
        }
    }

    /** The type activations are computed in: {@code FLOAT32} unless {@link #setComputeType} said otherwise. */
    public final DataType computeType() {
        return computeType;
    }

    /**
     * A parameter as the compute type, for use in this pass: the parameter's own array in float32 compute,
     * otherwise a cast copy living in {@code like}'s manager (shared by every use while that manager is open).
     *
     * @param parameter one of this block's parameters
     * @param like any activation (or input) of the current pass; only its manager is used
     * @return the weight to compute with
     */
    protected final NDArray weight(Parameter parameter, NDArray like) {
        return computeCopies.get(parameter, computeType, like.getManager());
    }

    /**
     * Adds the gradients of this pass's reduced-precision weight copies (see {@link #weight}) to the float32
     * parameters' gradients, for this block and its children, and forgets the copies. Call it after
     * {@code collector.backward(loss)}, inside the same collector and thread; a no-op in float32 compute.
     *
     * @param collector the open gradient collector of the pass
     */
    public final void accumulateComputeGradients(GradientCollector collector) {
        List<Map.Entry<Parameter, NDArray>> copies = new ArrayList<>();
        drainCopies(copies);
        if (copies.isEmpty()) {
            return;
        }
        // sum over parameters of <g, master>: its backward adds exactly g to each master's gradient
        NDArray surrogate = null;
        for (Map.Entry<Parameter, NDArray> e : copies) {
            NDArray master = e.getKey().getArray();
            NDArray gradient = e.getValue().getGradient().toType(master.getDataType(), false);
            NDArray term = gradient.mul(master).sum();
            surrogate = surrogate == null ? term : surrogate.add(term);
        }
        collector.backward(surrogate);
    }

    private void drainCopies(List<Map.Entry<Parameter, NDArray>> out) {
        computeCopies.drainInto(out);
        for (ReferenceBlock c : ownChildren.values()) {
            c.drainCopies(out);
        }
    }

    /** Initialises every parameter as float32 in {@code manager} (shapes are fixed at construction). */
    public final void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (ReferenceBlock c : ownChildren.values()) {
            c.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(
                getClass().getSimpleName() + " has input-dependent output shapes; call its typed forward method");
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException(
                getClass().getSimpleName() + " is used through its typed forward method");
    }
}
