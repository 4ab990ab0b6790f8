package org.simvtp.train.optim;

import java.util.List;
import java.util.Set;

/**
 * Layer-wise learning-rate decay of BEiT/VideoMAE fine-tuning: deeper layers train with larger rates.
 *
 * <p>Layer ids for a ViT of depth {@code D}: {@code cls_token}, {@code mask_token}, {@code pos_embed}
 * and names under an embedding prefix ({@code patch_embed}, {@code text_embeddings}) → 0;
 * {@code blocks.i.*} → {@code i + 1}; everything else ({@code fc_norm}, heads, {@code rel_pos_bias}) →
 * {@code D + 1}. The lr scale is {@code decay^(D + 1 - layerId)}, so the embeddings get
 * {@code decay^(D+1)} and the head 1.
 *
 * <p>A leading tower prefix ({@code video_encoder.}, {@code text_encoder.} by default) is stripped
 * before matching. The reference does not strip it, so in SimVTP fine-tuning every parameter falls into
 * the last bucket and layer decay 0.75 is a no-op (simvtp-spec.md §7, §11 item 10);
 * {@link Builder#optReferenceLayerDecayBug(boolean)} reproduces that. Treating the text tower's
 * {@code text_embeddings} as layer 0 is this port's choice for the fixed behaviour (the reference never
 * reached that code path); narrow it with {@link Builder#optEmbeddingPrefixes(String...)}.
 *
 * <pre>{@code
 * LayerwiseLrDecay decay = LayerwiseLrDecay.builder().setDepth(12).setDecay(0.75).build();
 * decay.scale("video_encoder.blocks.11.mlp.fc1.weight");   // 0.75^1
 * decay.scale("video_encoder.patch_embed.proj.weight");    // 0.75^13
 * }</pre>
 */
public final class LayerwiseLrDecay {

    private static final Set<String> LAYER0_NAMES = Set.of("cls_token", "mask_token", "pos_embed");
    private static final LayerwiseLrDecay NONE = new LayerwiseLrDecay(0, 1.0, List.of(), List.of(), false);

    private final int depth;
    private final double decay;
    private final List<String> towerPrefixes;
    private final List<String> embeddingPrefixes;
    private final boolean referenceBug;

    private LayerwiseLrDecay(
            int depth, double decay, List<String> towers, List<String> embeddings, boolean referenceBug) {
        this.depth = depth;
        this.decay = decay;
        this.towerPrefixes = List.copyOf(towers);
        this.embeddingPrefixes = List.copyOf(embeddings);
        this.referenceBug = referenceBug;
    }

    /**
     * Returns the disabled decay: every parameter has layer id 0 and scale 1 (pre-training).
     *
     * @return the no-op instance
     */
    public static LayerwiseLrDecay none() {
        return NONE;
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with the default tower and embedding prefixes
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the layer id of a parameter name.
     *
     * @param name the full parameter name
     * @return a value in {@code [0, depth + 1]}
     * @throws IllegalArgumentException if a {@code blocks.} name has no integer index or an index
     *     beyond the depth
     */
    public int layerId(String name) {
        if (this == NONE) {
            return 0;
        }
        String relative = referenceBug ? name : stripTower(name);
        if (LAYER0_NAMES.contains(relative)) {
            return 0;
        }
        for (String prefix : embeddingPrefixes) {
            if (relative.startsWith(prefix)) {
                return 0;
            }
        }
        if (relative.startsWith("blocks.")) {
            int end = relative.indexOf('.', "blocks.".length());
            String index = relative.substring("blocks.".length(), end < 0 ? relative.length() : end);
            int block;
            try {
                block = Integer.parseInt(index);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parameter '" + name + "' has no integer block index", e);
            }
            if (block < 0 || block >= depth) {
                throw new IllegalArgumentException(
                        "parameter '" + name + "' has block index " + block + " outside depth " + depth);
            }
            return block + 1;
        }
        return depth + 1;
    }

    /**
     * Returns the learning-rate multiplier of a parameter name.
     *
     * @param name the full parameter name
     * @return {@code decay^(depth + 1 - layerId(name))}
     */
    public double scale(String name) {
        if (this == NONE) {
            return 1.0;
        }
        return Math.pow(decay, depth + 1 - layerId(name));
    }

    private String stripTower(String name) {
        for (String tower : towerPrefixes) {
            if (name.startsWith(tower + ".")) {
                return name.substring(tower.length() + 1);
            }
        }
        return name;
    }

    @Override
    public String toString() {
        return this == NONE
                ? "LayerwiseLrDecay[none]"
                : "LayerwiseLrDecay[depth=" + depth + ", decay=" + decay + ", towers=" + towerPrefixes + ", embeddings="
                        + embeddingPrefixes + ", referenceBug=" + referenceBug + "]";
    }

    /** Builder for {@link LayerwiseLrDecay}. */
    public static final class Builder {
        private int depth = -1;
        private double decay = Double.NaN;
        private List<String> towers = List.of("video_encoder", "text_encoder");
        private List<String> embeddings = List.of("patch_embed", "text_embeddings");
        private boolean referenceBug;

        private Builder() {}

        /**
         * Sets the number of transformer blocks.
         *
         * @param depth at least 1 (12 for ViT-B)
         * @return this builder
         */
        public Builder setDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Sets the per-layer decay factor.
         *
         * @param decay in {@code (0, 1]} (0.75 in SimVTP fine-tuning)
         * @return this builder
         */
        public Builder setDecay(double decay) {
            this.decay = decay;
            return this;
        }

        /**
         * Sets the tower prefixes stripped before matching; default {@code video_encoder, text_encoder}.
         *
         * @param prefixes first name components, without the dot
         * @return this builder
         */
        public Builder optTowerPrefixes(String... prefixes) {
            this.towers = List.of(prefixes);
            return this;
        }

        /**
         * Sets the prefixes whose parameters are layer 0; default {@code patch_embed, text_embeddings}.
         *
         * @param prefixes name prefixes after the tower prefix
         * @return this builder
         */
        public Builder optEmbeddingPrefixes(String... prefixes) {
            this.embeddings = List.of(prefixes);
            return this;
        }

        /**
         * Reproduces the reference bug: tower prefixes are not stripped, so prefixed names all get scale 1.
         *
         * @param referenceBug {@code true} to reproduce the reference; default {@code false}
         * @return this builder
         */
        public Builder optReferenceLayerDecayBug(boolean referenceBug) {
            this.referenceBug = referenceBug;
            return this;
        }

        /**
         * Builds the decay.
         *
         * @return the immutable decay
         * @throws IllegalArgumentException if depth or decay is missing or out of range
         */
        public LayerwiseLrDecay build() {
            if (depth < 1) {
                throw new IllegalArgumentException("depth is required and must be >= 1, got " + depth);
            }
            if (!(decay > 0 && decay <= 1)) {
                throw new IllegalArgumentException("decay is required and must be in (0, 1], got " + decay);
            }
            return new LayerwiseLrDecay(depth, decay, towers, embeddings, referenceBug);
        }
    }
}
