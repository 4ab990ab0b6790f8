package org.simvtp.train.checkpoint;

import java.util.List;
import java.util.Optional;

/**
 * The result of {@link CheckpointStore#latest()}: the newest valid checkpoint, if any, and the newer
 * directories that were skipped because they failed verification.
 *
 * <pre>{@code
 * LatestCheckpoint latest = store.latest();
 * long resumeStep = latest.checkpoint().map(Checkpoint::step).orElse(0L);
 * }</pre>
 *
 * @param checkpoint the newest checkpoint whose manifest and checksums verify
 * @param skipped newer checkpoint directories that did not verify, newest first
 */
public record LatestCheckpoint(Optional<Checkpoint> checkpoint, List<SkippedCheckpoint> skipped) {

    /**
     * Copies the list.
     *
     * @param checkpoint the checkpoint
     * @param skipped the skipped directories
     */
    public LatestCheckpoint {
        skipped = List.copyOf(skipped);
    }
}
