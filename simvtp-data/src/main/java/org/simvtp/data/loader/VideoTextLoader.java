package org.simvtp.data.loader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads batches of (clip, caption) samples from a {@link SampleSource} on worker threads, in an order that is a
 * pure function of (seed, rank, world size, global batch counter) — independent of the number of workers and of
 * thread timing.
 *
 * <p><b>Order.</b> Each epoch {@code e}, the indices {@code 0..N-1} are shuffled with a seed derived from
 * {@code (seed, e)} (or kept in order), padded by repetition (default) or cut ({@link Builder#optDropUneven}) to a
 * multiple of {@code worldSize}, and rank {@code r} takes positions {@code r, r + worldSize, ...} — PyTorch's
 * {@code DistributedSampler}. Its shard is cut into batches of {@code B}; a short last batch is dropped by default
 * ({@link Builder#optDropLast}, as in the reference pre-training). Epochs follow each other without end:
 * global batch {@code g} is batch {@code g % batchesPerEpoch()} of epoch {@code g / batchesPerEpoch()}.
 *
 * <p><b>Randomness.</b> Sample {@code i} of epoch {@code e} is loaded with the generator
 * {@link #sampleRandom(long, int, int)}, so frame sampling and augmentation do not depend on which thread loads it.
 *
 * <p><b>Failures.</b> A sample whose loading throws (corrupt or missing file, decoder timeout) is logged with its
 * path, counted ({@link #stats()}) and replaced by another sample of the same epoch shard drawn with a generator
 * derived from (seed, epoch, rank, position), so every batch stays full and batch boundaries never move: a resumed
 * run sees the same batches as long as the same files fail. After at least
 * {@link Builder#optMinAttemptsBeforeFailing} attempts, if more than {@link Builder#optMaxFailureFraction} of all
 * attempts failed, {@link #next()} throws {@link TooManyFailuresException} (and keeps throwing).
 *
 * <p><b>Threads.</b> {@code workers} daemon threads load samples; at most {@code prefetchBatches} batches are kept
 * loading or loaded ahead of the consumer (back-pressure: memory is bounded by
 * {@code prefetchBatches * B} clips plus the batch in use). {@link #next()}, {@link #seek} and {@link #close()}
 * are meant for one consumer thread; {@link #stats()} may be called from any thread. Loading starts at the first
 * {@code next()} (so a {@code seek} right after building wastes nothing). The default worker count,
 * {@code max(1, cores / 2)}, leaves cores to the compute engine. {@link #close()} stops the workers.
 *
 * <pre>{@code
 * try (VideoTextLoader loader = VideoTextLoader.builder()
 *         .setSource(VideoFileSource.pretrain(records, SimvtpConfig.vitBase()))
 *         .setBatchSize(16).optSeed(0).optShard(rank, worldSize).build()) {
 *     loader.seek(resumeStep);                       // exact resume
 *     for (long step = resumeStep; step < totalSteps; step++) {
 *         Batch b = loader.next();
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class VideoTextLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VideoTextLoader.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int KEPT_EXAMPLES = 5;
    private static final int LOGGED_FAILURES = 100;
    private static final long CLOSE_WAIT_SECONDS = 60;

    private final SampleSource source;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final int rank;
    private final int worldSize;
    private final boolean dropUneven;
    private final boolean dropLast;
    private final int workers;
    private final int prefetchBatches;
    private final double maxFailureFraction;
    private final int minAttempts;
    private final int maxAttemptsPerSample;
    private final ShardedOrder order;
    private final ThreadPoolExecutor executor;
    private final ArrayDeque<Pending> window = new ArrayDeque<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private long position;
    private int submitEpoch;
    private int submitSlot;
    private volatile boolean closed;
    private LoaderException fatal;

    private final Object statsLock = new Object();
    private long attempted;
    private long loaded;
    private long failed;
    private final EnumMap<FailureReason, Long> byReason = new EnumMap<>(FailureReason.class);
    private final List<SampleFailure> examples = new ArrayList<>();

    private record Pending(int epoch, int slot, Future<SlotOutcome> future) {}

    private record SlotOutcome(Sample sample, List<SampleFailure> failures) {}

    private VideoTextLoader(Builder b) {
        this.source = b.source;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.rank = b.rank;
        this.worldSize = b.worldSize;
        this.dropUneven = b.dropUneven;
        this.dropLast = b.dropLast;
        this.workers = b.workers;
        this.prefetchBatches = b.prefetchBatches;
        this.maxFailureFraction = b.maxFailureFraction;
        this.minAttempts = b.minAttempts;
        this.maxAttemptsPerSample = b.maxAttemptsPerSample;
        this.order = new ShardedOrder(source.size(), batchSize, seed, shuffle, rank, worldSize, dropUneven, dropLast);
        if (order.batchesPerEpoch() == 0) {
            throw new IllegalArgumentException("a source of " + source.size() + " samples gives rank " + rank + " of "
                    + worldSize + " a shard of " + order.shardSize() + " samples: not one "
                    + (dropLast ? "full " : "") + "batch of " + batchSize);
        }
        String name = "simvtp-loader-" + IDS.incrementAndGet() + "-worker-";
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + n.getAndIncrement());
            t.setDaemon(true);
            threads.add(t);
            return t;
        };
        this.executor = new ThreadPoolExecutor(
                workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
    }

    /**
     * A builder; {@link Builder#setSource} and {@link Builder#setBatchSize} are required.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The generator the loader uses for sample {@code index} in epoch {@code epoch}: reproduce one sample's
     * augmentation outside the loader with {@code source.load(index, sampleRandom(seed, epoch, index))}.
     *
     * @param seed the loader's seed
     * @param epoch the epoch
     * @param index the sample index in the source
     * @return a new generator
     */
    public static SplittableRandom sampleRandom(long seed, int epoch, int index) {
        return new SplittableRandom(Seeds.mix(Seeds.SAMPLE, seed, epoch, index));
    }

    /**
     * Loads (or waits for) the next batch and advances the position by one.
     *
     * @return the batch at {@link #position()}
     * @throws TooManyFailuresException if too many samples failed
     * @throws LoaderException if the caller is interrupted (the interrupt flag is kept and the position is
     *     unchanged) or a worker failed with an error
     * @throws IllegalStateException if the loader is closed
     */
    public Batch next() {
        ensureOpen();
        if (fatal != null) {
            throw fatal;
        }
        long g = position;
        int epoch = epochOf(g);
        int b = (int) (g % order.batchesPerEpoch());
        int n = order.batchLength(b);
        fillWindow();
        List<SlotOutcome> outcomes = new ArrayList<>(n);
        Iterator<Pending> it = window.iterator();
        for (int j = 0; j < n; j++) {
            Pending p = it.next();
            if (p.epoch() != epoch || p.slot() != b * batchSize + j) {
                throw new IllegalStateException("loader window out of step: expected epoch " + epoch + " slot "
                        + (b * batchSize + j) + ", found " + p);
            }
            outcomes.add(await(p, g));
        }
        for (int j = 0; j < n; j++) {
            window.removeFirst();
        }
        List<Sample> samples = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            SlotOutcome o = outcomes.get(j);
            for (SampleFailure f : o.failures()) {
                recordFailure(f);
            }
            if (o.sample() == null) {
                fatal = new LoaderException("no loadable sample for position " + (b * batchSize + j) + " of epoch "
                        + epoch + " after " + o.failures().size() + " attempts: " + o.failures());
                throw fatal;
            }
            recordSuccess();
            samples.add(o.sample());
        }
        position = g + 1;
        fillWindow();
        return new Batch(g, epoch, b, samples);
    }

    /**
     * Iterates over the batches of one epoch, starting by a {@link #seek(int, int) seek} to its first batch.
     *
     * @param epoch the epoch
     * @return an iterator of {@link #batchesPerEpoch()} batches
     */
    public Iterator<Batch> epoch(int epoch) {
        seek(epoch, 0);
        return new Iterator<>() {
            private int left = order.batchesPerEpoch();

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public Batch next() {
                if (left <= 0) {
                    throw new NoSuchElementException("epoch " + epoch + " has no more batches");
                }
                left--;
                return VideoTextLoader.this.next();
            }
        };
    }

    /**
     * Positions the loader so that {@link #next()} returns global batch {@code batchesConsumed} (0-based);
     * prefetched work is discarded.
     *
     * @param batchesConsumed the number of batches already consumed
     */
    public void seek(long batchesConsumed) {
        ensureOpen();
        if (batchesConsumed < 0) {
            throw new IllegalArgumentException("batch counter must be >= 0, got " + batchesConsumed);
        }
        int epoch = epochOf(batchesConsumed);
        cancelWindow();
        position = batchesConsumed;
        submitEpoch = epoch;
        submitSlot = (int) (batchesConsumed % order.batchesPerEpoch()) * batchSize;
    }

    /**
     * Positions the loader at a batch of an epoch.
     *
     * @param epoch the epoch
     * @param batchInEpoch the batch index in {@code [0, batchesPerEpoch())}
     */
    public void seek(int epoch, int batchInEpoch) {
        if (epoch < 0 || batchInEpoch < 0 || batchInEpoch >= order.batchesPerEpoch()) {
            throw new IllegalArgumentException("no batch " + batchInEpoch + " in epoch " + epoch + " (epochs have "
                    + order.batchesPerEpoch() + " batches)");
        }
        seek((long) epoch * order.batchesPerEpoch() + batchInEpoch);
    }

    /**
     * The global index of the batch the next {@link #next()} returns.
     *
     * @return the batch counter
     */
    public long position() {
        return position;
    }

    /**
     * Batches per epoch for this rank.
     *
     * @return the count
     */
    public int batchesPerEpoch() {
        return order.batchesPerEpoch();
    }

    /**
     * Samples per epoch in this rank's shard (before batching).
     *
     * @return the shard size
     */
    public int shardSize() {
        return order.shardSize();
    }

    /**
     * The sample indices of this rank's shard in an epoch, in delivery order (failed samples aside).
     *
     * @param epoch the epoch
     * @return a new array of {@link #shardSize()} indices
     */
    public int[] shardOrder(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        return order.shard(epoch).clone();
    }

    /**
     * The number of worker threads.
     *
     * @return the count
     */
    public int workers() {
        return workers;
    }

    /**
     * The source.
     *
     * @return the source
     */
    public SampleSource source() {
        return source;
    }

    /**
     * A snapshot of the counters (thread-safe).
     *
     * @return the stats
     */
    public LoaderStats stats() {
        synchronized (statsLock) {
            return new LoaderStats(attempted, loaded, failed, byReason, examples);
        }
    }

    /**
     * Stops the workers and waits until their threads have ended (up to 60 s in all, for samples being decoded),
     * then releases prefetched batches; idempotent. If the calling thread is interrupted, it stops waiting and
     * keeps its interrupt flag.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelWindow();
        executor.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        try {
            for (Thread t : threads) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left > 0) {
                    t.join(left);
                }
                if (t.isAlive()) {
                    LOG.warn("loader worker {} did not stop within {} s", t.getName(), CLOSE_WAIT_SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "VideoTextLoader{size=" + source.size() + ", batchSize=" + batchSize + ", seed=" + seed + ", shuffle="
                + shuffle + ", rank=" + rank + "/" + worldSize + ", dropUneven=" + dropUneven + ", dropLast="
                + dropLast + ", workers=" + workers + ", prefetchBatches=" + prefetchBatches + ", maxFailureFraction="
                + maxFailureFraction + ", batchesPerEpoch=" + order.batchesPerEpoch() + '}';
    }

    private int epochOf(long globalBatch) {
        long e = globalBatch / order.batchesPerEpoch();
        if (e > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch counter " + globalBatch + " is beyond the last epoch");
        }
        return (int) e;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("loader is closed");
        }
    }

    private void fillWindow() {
        int capacity = prefetchBatches * batchSize;
        while (window.size() < capacity) {
            int epoch = submitEpoch;
            int slot = submitSlot;
            int[] shard = order.shard(epoch);
            Future<SlotOutcome> f = executor.submit(() -> loadSlot(epoch, slot, shard));
            window.addLast(new Pending(epoch, slot, f));
            if (++submitSlot == order.slotsPerEpoch()) {
                submitSlot = 0;
                submitEpoch++;
            }
        }
    }

    private void cancelWindow() {
        for (Pending p : window) {
            p.future().cancel(true);
        }
        window.clear();
    }

    private SlotOutcome await(Pending p, long g) {
        try {
            return p.future().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoaderException("interrupted while waiting for batch " + g, e);
        } catch (ExecutionException e) {
            fatal = new LoaderException(
                    "a loader worker failed on position " + p.slot() + " of epoch " + p.epoch() + ": " + e.getCause(),
                    e.getCause());
            throw fatal;
        } catch (CancellationException e) {
            throw new IllegalStateException(
                    closed
                            ? "loader closed while waiting for batch " + g
                            : "a pending sample of batch " + g + " was cancelled unexpectedly",
                    e);
        }
    }

    /** Runs on a worker: loads the sample at a shard position, replacing it while it fails. */
    private SlotOutcome loadSlot(int epoch, int slot, int[] shard) {
        List<SampleFailure> failures = new ArrayList<>(0);
        int index = shard[slot];
        SplittableRandom alternatives = null;
        for (int attempt = 0; attempt < maxAttemptsPerSample; attempt++) {
            if (Thread.currentThread().isInterrupted()) {
                return new SlotOutcome(null, failures); // cancelled; nobody reads this
            }
            try {
                Sample s = source.load(index, sampleRandom(seed, epoch, index));
                if (s == null) {
                    throw new IllegalStateException("the source returned no sample");
                }
                return new SlotOutcome(s, failures);
            } catch (RuntimeException e) {
                failures.add(new SampleFailure(
                        index, source.describe(index), FailureReason.classify(e), String.valueOf(e.getMessage())));
            }
            if (alternatives == null) {
                alternatives = new SplittableRandom(Seeds.mix(Seeds.REPLACEMENT, seed, epoch, rank, slot));
            }
            index = pickReplacement(shard, alternatives, failures);
        }
        return new SlotOutcome(null, failures);
    }

    private static int pickReplacement(int[] shard, SplittableRandom rng, List<SampleFailure> tried) {
        int candidate = shard[rng.nextInt(shard.length)];
        for (int k = 0; k < 8 && wasTried(candidate, tried); k++) {
            candidate = shard[rng.nextInt(shard.length)];
        }
        return candidate;
    }

    private static boolean wasTried(int index, List<SampleFailure> tried) {
        for (SampleFailure f : tried) {
            if (f.index() == index) {
                return true;
            }
        }
        return false;
    }

    private void recordFailure(SampleFailure f) {
        long nFailed;
        synchronized (statsLock) {
            attempted++;
            nFailed = ++failed;
            byReason.merge(f.reason(), 1L, Long::sum);
            if (examples.size() < KEPT_EXAMPLES) {
                examples.add(f);
            }
        }
        if (nFailed <= LOGGED_FAILURES) {
            LOG.warn("skipping sample {}: {} ({}: {})", f.index(), f.location(), f.reason(), f.message());
        } else if (nFailed % 1000 == 0) {
            LOG.warn("{} samples failed so far, latest: {}", nFailed, f);
        }
        checkFailureFraction();
    }

    private void recordSuccess() {
        synchronized (statsLock) {
            attempted++;
            loaded++;
        }
        checkFailureFraction();
    }

    private void checkFailureFraction() {
        boolean exceeded;
        synchronized (statsLock) {
            exceeded = attempted >= minAttempts && failed > maxFailureFraction * attempted;
        }
        if (exceeded) {
            fatal = new TooManyFailuresException(stats(), maxFailureFraction);
            throw fatal;
        }
    }

    /** Builder of {@link VideoTextLoader}: {@code setX} is required, {@code optX} has a default. */
    public static final class Builder {
        private SampleSource source;
        private int batchSize;
        private long seed;
        private boolean shuffle = true;
        private int rank;
        private int worldSize = 1;
        private boolean dropUneven;
        private boolean dropLast = true;
        private int workers = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private int prefetchBatches = 2;
        private double maxFailureFraction = 0.5;
        private int minAttempts = 20;
        private int maxAttemptsPerSample = 10;

        private Builder() {}

        /**
         * Sets the samples to load (required).
         *
         * @param value the source
         * @return this builder
         */
        public Builder setSource(SampleSource value) {
            this.source = Objects.requireNonNull(value, "source");
            return this;
        }

        /**
         * Sets the batch size B (required; 16 per GPU in the reference pre-training).
         *
         * @param value a positive size
         * @return this builder
         */
        public Builder setBatchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /**
         * Sets the seed of shuffling, sample randomness and replacements (default 0). Use the same seed on every
         * rank so that the shards are disjoint.
         *
         * @param value the seed
         * @return this builder
         */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Shuffles every epoch (default {@code true}); {@code false} keeps index order (evaluation).
         *
         * @param value whether to shuffle
         * @return this builder
         */
        public Builder optShuffle(boolean value) {
            this.shuffle = value;
            return this;
        }

        /**
         * Sets this process's shard (default rank 0 of 1).
         *
         * @param rankValue the rank in {@code [0, worldSize)}
         * @param worldSizeValue the number of ranks
         * @return this builder
         */
        public Builder optShard(int rankValue, int worldSizeValue) {
            this.rank = rankValue;
            this.worldSize = worldSizeValue;
            return this;
        }

        /**
         * {@code DistributedSampler}'s {@code drop_last}: {@code true} cuts the epoch's indices to a multiple of
         * the world size, {@code false} (default) pads by repeating indices from the start.
         *
         * @param value whether to drop the uneven tail
         * @return this builder
         */
        public Builder optDropUneven(boolean value) {
            this.dropUneven = value;
            return this;
        }

        /**
         * {@code DataLoader}'s {@code drop_last}: {@code true} (default, as in the reference pre-training) drops a
         * short last batch of each epoch, {@code false} delivers it.
         *
         * @param value whether to drop a short last batch
         * @return this builder
         */
        public Builder optDropLast(boolean value) {
            this.dropLast = value;
            return this;
        }

        /**
         * Sets the number of worker threads (default {@code max(1, cores / 2)}).
         *
         * @param value a positive count
         * @return this builder
         */
        public Builder optWorkers(int value) {
            this.workers = value;
            return this;
        }

        /**
         * Sets how many batches are loaded ahead of the consumer (default 2).
         *
         * @param value a positive count
         * @return this builder
         */
        public Builder optPrefetchBatches(int value) {
            this.prefetchBatches = value;
            return this;
        }

        /**
         * Sets the largest tolerated fraction of failed attempts (default 0.5; 1.0 never fails).
         *
         * @param value a fraction in {@code [0, 1]}
         * @return this builder
         */
        public Builder optMaxFailureFraction(double value) {
            this.maxFailureFraction = value;
            return this;
        }

        /**
         * Sets how many attempts are made before the failure fraction is checked (default 20).
         *
         * @param value a non-negative count
         * @return this builder
         */
        public Builder optMinAttemptsBeforeFailing(int value) {
            this.minAttempts = value;
            return this;
        }

        /**
         * Sets how many samples are tried for one batch position (the original and its replacements) before the
         * loader gives up (default 10).
         *
         * @param value a positive count
         * @return this builder
         */
        public Builder optMaxAttemptsPerSample(int value) {
            this.maxAttemptsPerSample = value;
            return this;
        }

        /**
         * Validates the settings and starts the worker threads.
         *
         * @return the loader (close it)
         * @throws IllegalArgumentException if a setting is invalid or the shard holds less than one batch
         */
        public VideoTextLoader build() {
            if (source == null) {
                throw new IllegalArgumentException("source is required (setSource)");
            }
            if (batchSize <= 0) {
                throw new IllegalArgumentException(
                        "batch size must be set to a positive value (setBatchSize), got " + batchSize);
            }
            if (worldSize <= 0 || rank < 0 || rank >= worldSize) {
                throw new IllegalArgumentException("need 0 <= rank < worldSize, got rank " + rank + " of " + worldSize);
            }
            if (workers <= 0 || prefetchBatches <= 0 || maxAttemptsPerSample <= 0 || minAttempts < 0) {
                throw new IllegalArgumentException("workers, prefetchBatches and maxAttemptsPerSample must be "
                        + "positive and minAttempts >= 0, got " + workers + ", " + prefetchBatches + ", "
                        + maxAttemptsPerSample + ", " + minAttempts);
            }
            if (!(maxFailureFraction >= 0 && maxFailureFraction <= 1)) {
                throw new IllegalArgumentException("maxFailureFraction must be in [0, 1], got " + maxFailureFraction);
            }
            if (source.size() == 0) {
                throw new IllegalArgumentException("the source is empty");
            }
            return new VideoTextLoader(this);
        }
    }
}
