package org.simvtp.data.loader;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The per-epoch sample order of one rank, with the semantics of PyTorch's {@code DistributedSampler} followed by a
 * batching step: shuffle all indices with a seed derived from (seed, epoch) (or keep them in order), pad by
 * repeating from the start (or drop the tail) to a multiple of the world size, take every {@code worldSize}-th
 * index starting at {@code rank}, then cut into batches (dropping or keeping a short last batch).
 */
final class ShardedOrder {
    private final int size;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final int rank;
    private final int worldSize;
    private final int shardSize;
    private final int batchesPerEpoch;
    private final int slotsPerEpoch;
    private final Map<Integer, int[]> cache = new LinkedHashMap<>(4, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, int[]> eldest) {
            return size() > 2;
        }
    };

    ShardedOrder(
            int size,
            int batchSize,
            long seed,
            boolean shuffle,
            int rank,
            int worldSize,
            boolean dropUneven,
            boolean dropLast) {
        this.size = size;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.rank = rank;
        this.worldSize = worldSize;
        this.shardSize = dropUneven ? size / worldSize : (size + worldSize - 1) / worldSize;
        this.batchesPerEpoch = dropLast ? shardSize / batchSize : (shardSize + batchSize - 1) / batchSize;
        this.slotsPerEpoch = dropLast ? batchesPerEpoch * batchSize : shardSize;
    }

    int shardSize() {
        return shardSize;
    }

    int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    int slotsPerEpoch() {
        return slotsPerEpoch;
    }

    int batchLength(int batchInEpoch) {
        return Math.min(batchSize, slotsPerEpoch - batchInEpoch * batchSize);
    }

    /** The rank's shard of an epoch (shared array: do not modify). */
    synchronized int[] shard(int epoch) {
        return cache.computeIfAbsent(epoch, this::computeShard);
    }

    private int[] computeShard(int epoch) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom rng = new SplittableRandom(Seeds.mix(Seeds.PERMUTATION, seed, epoch));
            for (int i = size - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        int[] shard = new int[shardSize];
        for (int k = 0; k < shardSize; k++) {
            long global = rank + (long) k * worldSize;
            shard[k] = order[(int) (global % size)];
        }
        return shard;
    }
}
