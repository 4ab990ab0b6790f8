package org.simvtp.train.eval;

import java.util.List;
import org.simvtp.data.text.TokenBatch;

/**
 * Turns a batch of captions into token ids padded to the batch's longest caption, e.g.
 * {@code BertTokenizer::encodeBatch}.
 *
 * <pre>{@code
 * BertTokenizer bert = BertTokenizer.create();
 * CaptionTokenizer tokenizer = bert::encodeBatch;
 * }</pre>
 */
@FunctionalInterface
public interface CaptionTokenizer {

    /**
     * Tokenises captions.
     *
     * @param captions at least one caption
     * @return ids and attention mask {@code [B, L]}
     */
    TokenBatch tokenize(List<String> captions);
}
