package org.simvtp.core.masking;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Shared selection step: every maskable token is selected independently with the configured probability
 * (Bernoulli, not an exact count); subclasses decide what a selected token becomes.
 */
abstract class AbstractTextMasking implements TextMaskingStrategy {

    protected final TextMaskingConfig config;

    AbstractTextMasking(TextMaskingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The settings of this strategy. */
    public TextMaskingConfig config() {
        return config;
    }

    @Override
    public TextMaskingResult mask(long[][] ids, RandomGenerator rng) {
        long[][] masked = TextMaskingResult.deepCopy(ids);
        long[][] labels = new long[ids.length][];
        int selected = 0;
        for (int b = 0; b < ids.length; b++) {
            labels[b] = new long[ids[b].length];
            for (int i = 0; i < ids[b].length; i++) {
                long id = ids[b][i];
                if (config.isMaskable(id) && rng.nextDouble() < config.probability()) {
                    labels[b][i] = id;
                    masked[b][i] = replace(id, rng);
                    selected++;
                } else {
                    labels[b][i] = TextMaskingResult.IGNORE_INDEX;
                }
            }
        }
        return new TextMaskingResult(masked, labels, selected);
    }

    /**
     * The id written at a selected position.
     *
     * @param original the original id
     * @param rng the source of randomness
     * @return the replacement id
     */
    abstract long replace(long original, RandomGenerator rng);
}
