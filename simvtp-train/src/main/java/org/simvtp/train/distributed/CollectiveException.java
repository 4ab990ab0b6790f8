package org.simvtp.train.distributed;

import java.util.List;

/**
 * A collective operation (or the rendezvous) failed; the process group is unusable afterwards and the process should
 * exit. {@link #lostRanks()} names the ranks that did not answer the roll call that follows every failure: they died
 * or hang.
 *
 * <pre>{@code
 * try {
 *     group.barrier();
 * } catch (CollectiveException e) {
 *     log.error("lost ranks {}", e.lostRanks());
 *     System.exit(1);
 * }
 * }</pre>
 */
public final class CollectiveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<Integer> lostRanks;

    /**
     * Creates the exception.
     *
     * @param message the full message (operation, this rank, lost ranks, Gloo's reason)
     * @param lostRanks the ranks that did not answer, possibly empty
     * @param cause the native error, may be null
     */
    public CollectiveException(String message, List<Integer> lostRanks, Throwable cause) {
        super(message, cause);
        this.lostRanks = List.copyOf(lostRanks);
    }

    /** Ranks found dead or hung after the failure; empty when every rank answered. */
    public List<Integer> lostRanks() {
        return lostRanks;
    }
}
