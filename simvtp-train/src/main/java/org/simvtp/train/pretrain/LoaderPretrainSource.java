package org.simvtp.train.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.simvtp.data.loader.Batch;
import org.simvtp.data.loader.Sample;
import org.simvtp.data.loader.VideoTextLoader;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.train.BatchSource;
import org.simvtp.train.checkpoint.TrainingRng;

/**
 * Pre-training batches from a {@link VideoTextLoader}: the loader decodes, samples and augments clips; this
 * source tokenises and masks each batch with a random stream drawn from (seed, batch index), so the whole
 * stream stays a pure function of the batch counter and {@link #seek} resumes exactly.
 *
 * <pre>{@code
 * VideoTextLoader loader = VideoTextLoader.builder().setSource(source).setBatchSize(16).optSeed(0).build();
 * BatchSource<PretrainBatch> batches = new LoaderPretrainSource(loader, assembler, 0);
 * }</pre>
 */
public final class LoaderPretrainSource implements BatchSource<PretrainBatch> {

    private final VideoTextLoader loader;
    private final PretrainBatchAssembler assembler;
    private final TrainingRng rng;

    /**
     * Creates the source.
     *
     * @param loader the clip loader (owned: closed with this source)
     * @param assembler tokenises and masks
     * @param seed seed of the masks
     */
    public LoaderPretrainSource(VideoTextLoader loader, PretrainBatchAssembler assembler, long seed) {
        this.loader = loader;
        this.assembler = assembler;
        this.rng = TrainingRng.create(seed);
    }

    @Override
    public PretrainBatch next() {
        Batch batch = loader.next();
        List<ClipTensor> clips = new ArrayList<>(batch.size());
        for (Sample s : batch.samples()) {
            clips.add(s.clip());
        }
        return assembler.assemble(clips, batch.captions(), new SplittableRandom(rng.derive("masks", batch.index())));
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
