package org.simvtp.train;

import java.util.Random;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.ReferenceTextMasking;
import org.simvtp.core.masking.TextMaskingConfig;
import org.simvtp.core.masking.TextMaskingResult;
import org.simvtp.core.masking.TubeMasking;
import org.simvtp.train.pretrain.PretrainBatch;

/** Deterministic random pre-training batches: batch i depends only on (seed, i). */
final class RandomPretrainBatches implements BatchSource<PretrainBatch> {
    private final SimvtpConfig config;
    private final int batchSize;
    private final long seed;
    private long index;

    RandomPretrainBatches(SimvtpConfig config, int batchSize, long seed) {
        this.config = config;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public PretrainBatch next() {
        return batch(index++);
    }

    @Override
    public void seek(long batchesConsumed) {
        index = batchesConsumed;
    }

    PretrainBatch batch(long i) {
        Random r = new Random(seed * 1_000_003L + i);
        long[] shape = {batchSize, 3, config.numFrames(), config.imageSize(), config.imageSize()};
        float[] video = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3] * shape[4])];
        for (int k = 0; k < video.length; k++) {
            video[k] = (float) r.nextGaussian();
        }
        int len = 8;
        long[][] ids = new long[batchSize][len];
        long[][] att = new long[batchSize][len];
        for (int b = 0; b < batchSize; b++) {
            int real = 4 + r.nextInt(len - 3);
            for (int t = 0; t < len; t++) {
                ids[b][t] = t == 0 ? 101 : t == real - 1 ? 102 : t < real ? 1000 + r.nextInt(500) : 0;
                att[b][t] = t < real ? 1 : 0;
            }
            ids[b][1] = 1000 + b; // never special, so at least one maskable token
        }
        TextMaskingResult masked;
        java.util.SplittableRandom textRandom = new java.util.SplittableRandom(r.nextLong());
        do {
            masked = new ReferenceTextMasking(TextMaskingConfig.of(config)).mask(ids, textRandom);
        } while (!everyRowSelected(masked.labels()));
        return new PretrainBatch(
                video,
                shape,
                TubeMasking.of(config).sample(batchSize, r.nextLong()),
                masked.maskedIds(),
                att,
                masked.labels());
    }

    private static boolean everyRowSelected(long[][] labels) {
        for (long[] row : labels) {
            boolean any = false;
            for (long v : row) {
                any |= v != -100;
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }
}
