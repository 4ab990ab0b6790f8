package org.simvtp.models.nn;

import org.simvtp.core.SimvtpConfig;

/**
 * The options shared by the builders of block stacks ({@link VitEncoder.Builder}, {@link PixelDecoder.Builder}):
 * a configuration (required: video geometry and default shape) and optional width, depth and heads that override
 * it. Self-typed, so each option returns the concrete builder.
 *
 * @param <T> the concrete builder
 */
public abstract class StackBuilder<T extends StackBuilder<T>> {

    private SimvtpConfig config;
    private Integer width;
    private Integer depth;
    private Integer heads;

    /** For subclasses. */
    protected StackBuilder() {}

    /** This builder, typed as the subclass. */
    protected abstract T self();

    /** The model configuration (required): video geometry, vocabulary and the default shape of the stack. */
    public T setConfig(SimvtpConfig config) {
        this.config = config;
        return self();
    }

    /** Token width; default the configuration's. */
    public T optWidth(int width) {
        this.width = width;
        return self();
    }

    /** Number of blocks; default the configuration's. */
    public T optDepth(int depth) {
        this.depth = depth;
        return self();
    }

    /** Attention heads; default the configuration's. */
    public T optHeads(int heads) {
        this.heads = heads;
        return self();
    }

    /**
     * The configuration, required before building.
     *
     * @param what the block being built, for the message
     * @return the configuration
     * @throws IllegalArgumentException when none was set
     */
    protected SimvtpConfig requireConfig(String what) {
        if (config == null) {
            throw new IllegalArgumentException(what + " needs a configuration (setConfig)");
        }
        return config;
    }

    /** The width override, or null. */
    protected Integer width() {
        return width;
    }

    /** The depth override, or null. */
    protected Integer depth() {
        return depth;
    }

    /** The heads override, or null. */
    protected Integer heads() {
        return heads;
    }
}
