package org.simvtp.models.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * VitBlock block = VitBlock.builder().width(64).heads(2).build();
 * block.initialize(manager, DataType.FLOAT32, new Shape(1));
 * block.namedParameters().keySet(); // [norm1.weight, norm1.bias, attn.q_bias, ...]
 * }</pre>
 */
public abstract class ReferenceBlock extends AbstractBlock {

    private final Map<String, Parameter> ownParameters = new LinkedHashMap<>();
    private final Map<String, ReferenceBlock> ownChildren = new LinkedHashMap<>();

    /** Registers a parameter under its reference name (relative to this block). */
    protected final Parameter param(String name, Parameter.Type type, Shape shape, Initializer init) {
        Parameter p = Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init).build();
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
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " has input-dependent output shapes; call its typed forward method");
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " is used through its typed forward method");
    }
}
