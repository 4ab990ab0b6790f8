package org.simvtp.core.masking;

import java.util.random.RandomGenerator;

/**
 * BERT-style replacement, an option that is not the reference behaviour (spec §11 item 5): tokens are selected
 * as in {@link ReferenceTextMasking}, then each selected token becomes {@code [MASK]} with probability 0.8, a
 * random token with probability 0.1, and stays unchanged with probability 0.1. Labels are the original id at
 * every selected position (also the unchanged ones).
 *
 * <p>Random tokens are drawn uniformly from {@code [0, vocabSize)} <em>excluding</em> the padding and special
 * ids (HuggingFace's collator draws from the whole vocabulary; excluding specials avoids inserting
 * {@code [CLS]}/{@code [SEP]}/{@code [PAD]} mid-caption). The random token may equal the original.
 *
 * <pre>{@code
 * TextMaskingStrategy mlm = new BertTextMasking(TextMaskingConfig.builder().optProbability(0.15).build());
 * TextMaskingResult r = mlm.mask(ids, 5L);
 * }</pre>
 */
public final class BertTextMasking extends AbstractTextMasking {

    /** Share of selected tokens replaced by {@code [MASK]}. */
    public static final double MASK_SHARE = 0.8;
    /** Share of selected tokens replaced by a random token. */
    public static final double RANDOM_SHARE = 0.1;

    /**
     * Creates the strategy.
     *
     * @param config selection probability, ids and vocabulary
     */
    public BertTextMasking(TextMaskingConfig config) {
        super(config);
    }

    @Override
    long replace(long original, RandomGenerator rng) {
        double u = rng.nextDouble();
        if (u < MASK_SHARE) {
            return config.maskTokenId();
        }
        if (u < MASK_SHARE + RANDOM_SHARE) {
            long id;
            do {
                id = rng.nextInt(config.vocabSize());
            } while (!config.isMaskable(id));
            return id;
        }
        return original;
    }

    @Override
    public String toString() {
        return "BertTextMasking{" + config + "}";
    }
}
