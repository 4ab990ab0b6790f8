package org.simvtp.core.masking;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.simvtp.core.SimvtpConfig;

/**
 * Immutable settings of text (MLM) masking: selection probability, {@code [MASK]} id, ids that are never
 * selected, and the vocabulary size used by BERT-style random replacement.
 *
 * <p>Defaults are the reference's (spec §3.2) with the bert-base-uncased ids: probability 0.75, {@code [MASK]}
 * = 103, {@code [PAD]} = 0, special ids {@code [UNK]} 100, {@code [CLS]} 101, {@code [SEP]} 102,
 * {@code [MASK]} 103, vocabulary 30522. The special set follows the HuggingFace special-tokens mask the
 * reference relies on, which flags every id of {@code all_special_ids} (so {@code [UNK]} is never masked either);
 * this reading of HuggingFace is from its documented behaviour, not from a parity fixture.
 *
 * <pre>{@code
 * TextMaskingConfig mlm = TextMaskingConfig.of(SimvtpConfig.tiny());          // p and vocab from the model
 * TextMaskingConfig bert = TextMaskingConfig.builder().optProbability(0.15).build();
 * }</pre>
 */
public final class TextMaskingConfig {

    /** bert-base-uncased {@code [PAD]} id. */
    public static final long PAD_ID = 0;
    /** bert-base-uncased {@code [UNK]} id. */
    public static final long UNK_ID = 100;
    /** bert-base-uncased {@code [CLS]} id. */
    public static final long CLS_ID = 101;
    /** bert-base-uncased {@code [SEP]} id. */
    public static final long SEP_ID = 102;
    /** bert-base-uncased {@code [MASK]} id. */
    public static final long MASK_ID = 103;

    private final double probability;
    private final long maskTokenId;
    private final long padTokenId;
    private final Set<Long> specialTokenIds;
    private final int vocabSize;

    private TextMaskingConfig(Builder b) {
        probability = b.probability;
        maskTokenId = b.maskTokenId;
        padTokenId = b.padTokenId;
        specialTokenIds = Collections.unmodifiableSet(new TreeSet<>(b.specialTokenIds));
        vocabSize = b.vocabSize;
    }

    /**
     * The reference settings for a model: {@code textMaskRatio} and {@code vocabSize} from the model
     * configuration, bert-base-uncased special ids.
     *
     * @param config the model configuration
     * @return the masking settings
     */
    public static TextMaskingConfig of(SimvtpConfig config) {
        return builder()
                .optProbability(config.textMaskRatio())
                .optVocabSize(config.vocabSize())
                .build();
    }

    /** A builder holding the reference defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with this configuration's values. */
    public Builder toBuilder() {
        return new Builder()
                .optProbability(probability)
                .optMaskTokenId(maskTokenId)
                .optPadTokenId(padTokenId)
                .optSpecialTokenIds(specialTokenIds)
                .optVocabSize(vocabSize);
    }

    /** Per-token selection probability. */
    public double probability() {
        return probability;
    }

    /** Id written at selected positions. */
    public long maskTokenId() {
        return maskTokenId;
    }

    /** Padding id; never selected. */
    public long padTokenId() {
        return padTokenId;
    }

    /** Special ids that are never selected (unmodifiable, sorted). */
    public Set<Long> specialTokenIds() {
        return specialTokenIds;
    }

    /** Vocabulary size; random replacements are drawn from {@code [0, vocabSize)}. */
    public int vocabSize() {
        return vocabSize;
    }

    /**
     * Whether a token id may be selected for masking (it is neither padding nor special).
     *
     * @param id a token id
     * @return {@code true} if the id can be selected
     */
    public boolean isMaskable(long id) {
        return id != padTokenId && !specialTokenIds.contains(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextMaskingConfig && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "TextMaskingConfig{probability=" + probability + ", maskTokenId=" + maskTokenId + ", padTokenId="
                + padTokenId + ", specialTokenIds=" + specialTokenIds + ", vocabSize=" + vocabSize + "}";
    }

    /** Builder of {@link TextMaskingConfig}; every value is optional and starts from the reference default. */
    public static final class Builder {
        private double probability = 0.75;
        private long maskTokenId = MASK_ID;
        private long padTokenId = PAD_ID;
        private Set<Long> specialTokenIds = Set.of(UNK_ID, CLS_ID, SEP_ID, MASK_ID);
        private int vocabSize = 30522;

        private Builder() {}

        /**
         * Sets the per-token selection probability, in {@code [0, 1]} (default 0.75).
         *
         * @param v probability
         * @return this builder
         */
        public Builder optProbability(double v) {
            probability = v;
            return this;
        }

        /**
         * Sets the {@code [MASK]} id (default the BERT vocabulary's).
         *
         * @param v id
         * @return this builder
         */
        public Builder optMaskTokenId(long v) {
            maskTokenId = v;
            return this;
        }

        /**
         * Sets the padding id (default the BERT vocabulary's).
         *
         * @param v id
         * @return this builder
         */
        public Builder optPadTokenId(long v) {
            padTokenId = v;
            return this;
        }

        /**
         * Sets the never-selected special ids (default UNK, CLS, SEP and MASK; the padding id is
         * always excluded as well).
         *
         * @param v ids; copied
         * @return this builder
         */
        public Builder optSpecialTokenIds(Set<Long> v) {
            specialTokenIds = Set.copyOf(v);
            return this;
        }

        /**
         * Sets the vocabulary size (default 30522).
         *
         * @param v size, larger than the number of special and padding ids
         * @return this builder
         */
        public Builder optVocabSize(int v) {
            vocabSize = v;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid field
         */
        public TextMaskingConfig build() {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
            }
            if (vocabSize <= 0) {
                throw new IllegalArgumentException("vocabSize must be positive, got " + vocabSize);
            }
            if (maskTokenId < 0 || maskTokenId >= vocabSize) {
                throw new IllegalArgumentException(
                        "maskTokenId " + maskTokenId + " is outside the vocabulary [0, " + vocabSize + ")");
            }
            TextMaskingConfig config = new TextMaskingConfig(this);
            int ordinary = 0;
            for (long id = 0; id < vocabSize && ordinary == 0; id++) {
                ordinary += config.isMaskable(id) ? 1 : 0;
            }
            if (ordinary == 0) {
                throw new IllegalArgumentException(
                        "vocabSize " + vocabSize + " leaves no ordinary token outside specialTokenIds and padTokenId");
            }
            return config;
        }
    }
}
