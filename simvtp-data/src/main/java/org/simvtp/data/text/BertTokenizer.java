package org.simvtp.data.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bert-base-uncased WordPiece tokenizer (spec §2): lower-casing, accent stripping, {@code [CLS] ... [SEP]},
 * padding to the longest caption of the batch, truncation at {@code maxLength} (default 512) keeping {@code [SEP]}.
 *
 * <p>Wraps DJL's {@link HuggingFaceTokenizer} loaded from the bundled resource
 * {@code org/simvtp/data/text/bert-base-uncased-tokenizer.json} (from the langchain4j all-MiniLM-L6-v2 artifact,
 * Apache-2.0; see the NOTICE file next to it). The file's own truncation (128) and fixed padding (128) are
 * overridden. The vocabulary for {@link #token}/{@link #id} is read from the same JSON.
 *
 * <p>Encoding may be called from several threads (the native tokenizer is configured once when built and only
 * read afterwards); {@link #close()} must come after all users are done.
 *
 * <pre>{@code
 * try (BertTokenizer tok = BertTokenizer.create()) {
 *     TokenBatch b = tok.encodeBatch(List.of("A man is playing the guitar."));
 *     long[] ids = b.ids()[0]; // [101, 1037, 2158, 2003, 2652, 1996, 2858, 1012, 102]
 * }
 * }</pre>
 */
public final class BertTokenizer implements AutoCloseable {
    /** Id of {@code [PAD]}. */
    public static final long PAD_ID = 0;
    /** Id of {@code [UNK]}. */
    public static final long UNK_ID = 100;
    /** Id of {@code [CLS]}. */
    public static final long CLS_ID = 101;
    /** Id of {@code [SEP]}. */
    public static final long SEP_ID = 102;
    /** Id of {@code [MASK]}. */
    public static final long MASK_ID = 103;
    /** Size of the bert-base-uncased vocabulary. */
    public static final int VOCAB_SIZE = 30522;
    /** Resource path of the tokenizer definition. */
    public static final String RESOURCE = "/org/simvtp/data/text/bert-base-uncased-tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;
    private final String[] vocab;
    private final Map<String, Integer> ids;
    private final int maxLength;

    private BertTokenizer(HuggingFaceTokenizer tokenizer, String[] vocab, Map<String, Integer> ids, int maxLength) {
        this.tokenizer = tokenizer;
        this.vocab = vocab;
        this.ids = ids;
        this.maxLength = maxLength;
    }

    /**
     * The SimVTP tokenizer: truncation at 512, padding to the batch's longest caption.
     *
     * @return a new tokenizer (close it)
     */
    public static BertTokenizer create() {
        return builder().build();
    }

    /**
     * A builder with the SimVTP defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Encodes a batch: {@code [CLS] tokens [SEP]}, truncated to {@link #maxLength()} and padded with {@code [PAD]}
     * to the longest caption of the batch (or to {@code maxLength} when built with
     * {@link Builder#optPadToMaxLength(boolean)}).
     *
     * @param texts captions (at least one)
     * @return ids and attention mask {@code [B, L]}
     */
    public TokenBatch encodeBatch(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no texts to encode");
        }
        Encoding[] enc = tokenizer.batchEncode(texts);
        long[][] id = new long[enc.length][];
        long[][] mask = new long[enc.length][];
        for (int i = 0; i < enc.length; i++) {
            id[i] = enc[i].getIds();
            mask[i] = enc[i].getAttentionMask();
        }
        return new TokenBatch(id, mask);
    }

    /**
     * Encodes one caption without padding.
     *
     * @param text the caption
     * @return {@code [CLS] tokens [SEP]} ids
     */
    public long[] encode(String text) {
        return encodeBatch(List.of(text)).ids()[0];
    }

    /**
     * Decodes ids to text, dropping special tokens and joining word pieces.
     *
     * @param tokenIds ids
     * @return the text
     */
    public String decode(long[] tokenIds) {
        return tokenizer.decode(tokenIds, true);
    }

    /**
     * The vocabulary entry of an id.
     *
     * @param id token id in {@code [0, vocabSize)}
     * @return the token, e.g. {@code "guitar"} or {@code "##balls"}
     * @throws IllegalArgumentException if the id is out of range
     */
    public String token(long id) {
        if (id < 0 || id >= vocab.length) {
            throw new IllegalArgumentException("token id " + id + " out of range [0, " + vocab.length + ")");
        }
        return vocab[(int) id];
    }

    /**
     * The id of a vocabulary entry; {@link #UNK_ID} for strings not in the vocabulary (no normalisation applied).
     *
     * @param token a vocabulary entry
     * @return its id
     */
    public long id(String token) {
        Integer i = ids.get(token);
        return i == null ? UNK_ID : i;
    }

    /**
     * Size of the vocabulary (30522).
     *
     * @return the size
     */
    public int vocabSize() {
        return vocab.length;
    }

    /**
     * Maximum sequence length including {@code [CLS]} and {@code [SEP]}.
     *
     * @return the length
     */
    public int maxLength() {
        return maxLength;
    }

    /** Releases the native tokenizer. */
    @Override
    public void close() {
        tokenizer.close();
    }

    /** Builder of {@link BertTokenizer}. */
    public static final class Builder {
        private int maxLength = 512;
        private boolean padToMaxLength;

        private Builder() {}

        /**
         * Sets the truncation length (default 512).
         *
         * @param value length including {@code [CLS]} and {@code [SEP]}, at least 2
         * @return this builder
         */
        public Builder optMaxLength(int value) {
            this.maxLength = value;
            return this;
        }

        /**
         * Pads every caption to {@code maxLength} instead of to the batch's longest (default false).
         *
         * @param value whether to pad to the maximum length
         * @return this builder
         */
        public Builder optPadToMaxLength(boolean value) {
            this.padToMaxLength = value;
            return this;
        }

        /**
         * Loads the tokenizer.
         *
         * @return the tokenizer
         * @throws UncheckedIOException if the resource cannot be read
         */
        public BertTokenizer build() {
            if (maxLength < 2) {
                throw new IllegalArgumentException("maxLength must be >= 2, got " + maxLength);
            }
            Path tmp = null;
            try {
                tmp = Files.createTempFile("simvtp-bert-tokenizer", ".json");
                try (InputStream in = openResource()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                String[] vocab = readVocab(tmp);
                Map<String, Integer> ids = new HashMap<>(vocab.length * 2);
                for (int i = 0; i < vocab.length; i++) {
                    ids.put(vocab[i], i);
                }
                HuggingFaceTokenizer.Builder b = HuggingFaceTokenizer.builder()
                        .optTokenizerPath(tmp)
                        .optAddSpecialTokens(true)
                        .optTruncation(true)
                        .optMaxLength(maxLength);
                if (padToMaxLength) {
                    b.optPadToMaxLength();
                } else {
                    b.optPadding(true);
                }
                return new BertTokenizer(b.build(), vocab, ids, maxLength);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the tokenizer resource " + RESOURCE, e);
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        tmp.toFile().deleteOnExit();
                    }
                }
            }
        }

        private static InputStream openResource() throws IOException {
            InputStream in = BertTokenizer.class.getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IOException("resource " + RESOURCE + " not found on the class path");
            }
            return in;
        }

        private static String[] readVocab(Path json) throws IOException {
            JsonObject root;
            try (Reader r = new InputStreamReader(Files.newInputStream(json), StandardCharsets.UTF_8)) {
                root = JsonParser.parseReader(r).getAsJsonObject();
            }
            JsonObject v = root.getAsJsonObject("model").getAsJsonObject("vocab");
            String[] vocab = new String[v.size()];
            v.entrySet().forEach(e -> {
                int id = e.getValue().getAsInt();
                if (id < 0 || id >= vocab.length || vocab[id] != null) {
                    throw new IllegalStateException("bad vocabulary id " + id + " for " + e.getKey());
                }
                vocab[id] = e.getKey();
            });
            return vocab;
        }
    }
}
