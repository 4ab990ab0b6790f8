package org.simvtp.models.checkpoint;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.simvtp.models.DualEncoder;

/**
 * Initialises the two-tower retrieval model from a pre-training state dict as the reference fine-tuning does
 * (spec §1.3): every {@code encoder.*} key (prefix stripped) and every {@code text_embeddings.*} key goes into
 * BOTH towers; {@code encoder.norm} has no destination (the towers normalise the pooled vector with a fresh
 * {@code fc_norm}) and the decoder, mask token and heads are dropped.
 *
 * <pre>{@code
 * LoadReport report = PretrainedInit.intoDualEncoder(dual, pretrainTensors);
 * }</pre>
 */
public final class PretrainedInit {

    private static final String[] TOWERS = {"video_encoder.", "text_encoder."};

    private PretrainedInit() {}

    /**
     * Loads {@code pretraining} (reference key names) into both towers of {@code dual}.
     *
     * @return the load report: {@code fc_norm} of both towers is missing by design; decoder, heads, mask token
     *     and {@code encoder.norm} are listed as ignored
     */
    public static LoadReport intoDualEncoder(DualEncoder dual, Map<String, NDArray> pretraining) {
        Map<String, NDArray> expanded = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : pretraining.entrySet()) {
            boolean mapped = false;
            for (String tower : TOWERS) {
                String target = towerName(tower, e.getKey());
                if (target != null) {
                    expanded.put(target, e.getValue());
                    mapped = true;
                }
            }
            if (!mapped) {
                expanded.put(e.getKey(), e.getValue());
            }
        }
        return StateDictLoader.load(
                dual, expanded, name -> name.startsWith(TOWERS[0]) || name.startsWith(TOWERS[1]) ? name : null);
    }

    /** The tower parameter a pre-training key maps to, or null when it has none. */
    static String towerName(String tower, String name) {
        if (name.startsWith("encoder.norm.")) {
            return null;
        }
        if (name.startsWith("encoder.")) {
            return tower + name.substring("encoder.".length());
        }
        if (name.startsWith("text_embeddings.")) {
            return tower + name;
        }
        return null;
    }
}
