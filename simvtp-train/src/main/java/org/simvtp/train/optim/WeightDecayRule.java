package org.simvtp.train.optim;

import ai.djl.ndarray.types.Shape;
import java.util.Set;

/**
 * Decides which parameters receive weight decay (the VideoMAE/SimVTP parameter-group rule,
 * simvtp-spec.md §6).
 *
 * <p>No decay for: 1-D parameters (norm weights/biases, {@code q_bias}, {@code v_bias}), names ending in
 * {@code .bias}, and names whose last component is in the skip set (default {@code pos_embed},
 * {@code cls_token}, {@code mask_token}). Matching on the last component makes the rule independent of
 * tower prefixes such as {@code video_encoder.}.
 *
 * <pre>{@code
 * WeightDecayRule rule = WeightDecayRule.reference();
 * rule.decays("encoder.blocks.0.attn.qkv.weight", new Shape(2304, 768));   // true
 * rule.decays("mask_token", new Shape(1, 1, 384));                         // false
 * }</pre>
 */
public final class WeightDecayRule {

    private static final Set<String> REFERENCE_SKIP = Set.of("pos_embed", "cls_token", "mask_token");

    private final Set<String> skipNames;

    private WeightDecayRule(Set<String> skipNames) {
        this.skipNames = Set.copyOf(skipNames);
    }

    /**
     * Returns the reference rule with skip names {@code pos_embed, cls_token, mask_token}.
     *
     * @return the reference rule
     */
    public static WeightDecayRule reference() {
        return new WeightDecayRule(REFERENCE_SKIP);
    }

    /**
     * Returns a rule with a custom skip set (1-D parameters and biases are always excluded).
     *
     * @param skipNames last name components that get no weight decay
     * @return the rule
     */
    public static WeightDecayRule withSkipNames(Set<String> skipNames) {
        return new WeightDecayRule(skipNames);
    }

    /**
     * Tells whether a parameter is decayed.
     *
     * @param name the full parameter name
     * @param shape the parameter shape
     * @return {@code false} for 1-D parameters, biases and skipped names
     */
    public boolean decays(String name, Shape shape) {
        if (shape.dimension() == 1 || name.endsWith(".bias")) {
            return false;
        }
        return !skipNames.contains(lastComponent(name));
    }

    static String lastComponent(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    @Override
    public String toString() {
        return "WeightDecayRule[skip=" + skipNames + "]";
    }
}
