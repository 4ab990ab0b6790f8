package org.simvtp.train.recipes;

import org.simvtp.data.loader.Batch;
import org.simvtp.data.loader.VideoTextLoader;
import org.simvtp.data.text.BertTokenizer;
import org.simvtp.data.text.TokenBatch;
import org.simvtp.train.BatchSource;
import org.simvtp.train.finetune.RetrievalBatch;

/**
 * Fine-tuning batches from a {@link VideoTextLoader}: the loader's clips stacked, its captions tokenised (padded to
 * the batch's longest). Deterministic in the batch counter, so {@link #seek} resumes exactly.
 *
 * <pre>{@code
 * BatchSource<RetrievalBatch> batches = new RetrievalBatches(loader, tokenizer);
 * }</pre>
 */
public final class RetrievalBatches implements BatchSource<RetrievalBatch> {

    private final VideoTextLoader loader;
    private final BertTokenizer tokenizer;

    /**
     * Creates the source.
     *
     * @param loader the clip loader (owned: closed with this source)
     * @param tokenizer the caption tokenizer (not owned)
     */
    public RetrievalBatches(VideoTextLoader loader, BertTokenizer tokenizer) {
        this.loader = loader;
        this.tokenizer = tokenizer;
    }

    @Override
    public RetrievalBatch next() {
        Batch batch = loader.next();
        TokenBatch tokens = tokenizer.encodeBatch(batch.captions());
        return new RetrievalBatch(
                batch.stackClips(), batch.clipShape().getShape(), tokens.ids(), tokens.attentionMask());
    }

    @Override
    public void seek(long batchesConsumed) {
        loader.seek(batchesConsumed);
    }

    @Override
    public void close() {
        loader.close();
    }
}
