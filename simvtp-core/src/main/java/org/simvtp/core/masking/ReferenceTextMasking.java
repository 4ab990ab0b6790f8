package org.simvtp.core.masking;

import java.util.random.RandomGenerator;

/**
 * Text masking exactly as the reference pre-training does it (spec §3.2, §11 item 5): each token that is
 * neither padding nor special is selected with probability {@code p} (0.75 in SimVTP), independently, and
 * <em>every</em> selected token becomes {@code [MASK]}. Labels carry the original id at selected positions and
 * −100 elsewhere. Unlike the reference, the input array is never modified in place.
 *
 * <pre>{@code
 * TextMaskingStrategy mlm = new ReferenceTextMasking(TextMaskingConfig.of(config));
 * TextMaskingResult r = mlm.mask(new long[][] {{101, 7592, 2088, 102, 0}}, 1L);
 * }</pre>
 */
public final class ReferenceTextMasking extends AbstractTextMasking {

    /**
     * Creates the strategy.
     *
     * @param config selection probability, ids and vocabulary
     */
    public ReferenceTextMasking(TextMaskingConfig config) {
        super(config);
    }

    @Override
    long replace(long original, RandomGenerator rng) {
        return config.maskTokenId();
    }

    @Override
    public String toString() {
        return "ReferenceTextMasking{" + config + "}";
    }
}
