package org.simvtp.train;

/**
 * An endless, deterministic stream of host-side batches for a {@link Trainer}.
 *
 * <p>Determinism is what makes resume exact: after {@link #seek(long)} to n, {@link #next()} must return the
 * same batch as the (n+1)-th call on a fresh source with the same seed.
 *
 * @param <B> the batch type
 */
public interface BatchSource<B> extends AutoCloseable {

    /** The next batch. */
    B next();

    /** Positions the source so that the next batch is the one after {@code batchesConsumed} batches. */
    void seek(long batchesConsumed);

    @Override
    default void close() {}
}
