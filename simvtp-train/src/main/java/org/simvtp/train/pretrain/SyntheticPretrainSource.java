package org.simvtp.train.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.simvtp.data.synthetic.SyntheticSample;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.data.transform.ImageNetNormalize;
import org.simvtp.train.BatchSource;
import org.simvtp.train.checkpoint.TrainingRng;

/**
 * Pre-training batches from in-memory synthetic clips: the samples are reshuffled every epoch with a
 * permutation drawn from (seed, epoch), the last incomplete batch of an epoch is dropped (as the reference's
 * {@code drop_last}) and batch n's masks come from (seed, n) — so the stream is a pure function of the batch
 * counter and {@link #seek} is exact.
 *
 * <pre>{@code
 * List<SyntheticSample> samples = SyntheticVideoText.builder().optSize(64, 64).optFrames(8).build().generate(512);
 * BatchSource<PretrainBatch> source = new SyntheticPretrainSource(samples, assembler, 16, 0);
 * }</pre>
 */
public final class SyntheticPretrainSource implements BatchSource<PretrainBatch> {

    private final List<ClipTensor> clips = new ArrayList<>();
    private final List<String> captions = new ArrayList<>();
    private final PretrainBatchAssembler assembler;
    private final int batchSize;
    private final TrainingRng rng;
    private long next;

    /**
     * Creates the source.
     *
     * @param samples clips already at the model's frame count and size
     * @param assembler tokenises and masks
     * @param batchSize samples per batch (≤ number of samples)
     * @param seed seed of the shuffling and the masks
     */
    public SyntheticPretrainSource(List<SyntheticSample> samples, PretrainBatchAssembler assembler, int batchSize,
            long seed) {
        if (batchSize < 2 || batchSize > samples.size()) {
            throw new IllegalArgumentException("batch size must be in [2, " + samples.size() + "], got " + batchSize);
        }
        ImageNetNormalize normalize = ImageNetNormalize.imagenet();
        for (SyntheticSample s : samples) {
            clips.add(normalize.apply(s.frames()));
            captions.add(s.caption());
        }
        this.assembler = assembler;
        this.batchSize = batchSize;
        this.rng = TrainingRng.create(seed);
    }

    /** Full batches per epoch. */
    public int batchesPerEpoch() {
        return clips.size() / batchSize;
    }

    @Override
    public PretrainBatch next() {
        long n = next++;
        long epoch = n / batchesPerEpoch();
        int within = (int) (n % batchesPerEpoch());
        int[] order = rng.derivedStream("shuffle", epoch).permutation(clips.size());
        List<ClipTensor> batchClips = new ArrayList<>(batchSize);
        List<String> batchCaptions = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            int index = order[within * batchSize + i];
            batchClips.add(clips.get(index));
            batchCaptions.add(captions.get(index));
        }
        return assembler.assemble(batchClips, batchCaptions, new SplittableRandom(rng.derive("masks", n)));
    }

    @Override
    public void seek(long batchesConsumed) {
        next = batchesConsumed;
    }
}
