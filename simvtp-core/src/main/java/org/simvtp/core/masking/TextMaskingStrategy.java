package org.simvtp.core.masking;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Selects and replaces caption tokens for masked language modelling. Implementations never modify their input.
 *
 * <pre>{@code
 * TextMaskingStrategy mlm = new ReferenceTextMasking(TextMaskingConfig.of(config));
 * TextMaskingResult r = mlm.mask(inputIds, new SplittableRandom(seed));
 * }</pre>
 */
public interface TextMaskingStrategy {

    /**
     * Masks a batch of token ids.
     *
     * @param ids token ids {@code [B][L]} (rows may differ in length); not modified
     * @param rng the source of randomness; advanced by the call
     * @return masked ids, labels and the selected count
     */
    TextMaskingResult mask(long[][] ids, RandomGenerator rng);

    /**
     * Masks a batch deterministically from a seed ({@link SplittableRandom}).
     *
     * @param ids token ids {@code [B][L]}; not modified
     * @param seed the seed; the same seed and ids give the same result
     * @return masked ids, labels and the selected count
     */
    default TextMaskingResult mask(long[][] ids, long seed) {
        return mask(ids, new SplittableRandom(seed));
    }
}
