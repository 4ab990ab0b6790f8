package org.simvtp.models.facade;

import java.nio.file.Path;
import java.util.List;

/**
 * What one {@link VideoIndex#update()} did.
 *
 * <pre>{@code
 * IndexUpdate u = index.update();
 * System.out.println(u.embedded().size() + " embedded, " + u.removed().size() + " removed, " + u.failed());
 * }</pre>
 *
 * @param embedded files embedded by this update (new, changed, or all when the model changed), sorted
 * @param removed files dropped because they no longer exist, sorted
 * @param failed files that failed in this update (decoding errors), sorted
 * @param unchanged files kept as they were (including earlier failures of unchanged files)
 */
public record IndexUpdate(List<Path> embedded, List<Path> removed, List<IndexFailure> failed, int unchanged) {

    /** Copies the lists. */
    public IndexUpdate {
        embedded = List.copyOf(embedded);
        removed = List.copyOf(removed);
        failed = List.copyOf(failed);
    }
}
