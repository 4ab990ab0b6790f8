package org.simvtp.data.dataset;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * A streaming pass over a manifest: records are parsed one at a time (constant memory); close it to release the
 * file. In {@link ErrorMode#LENIENT} mode, malformed rows are skipped and counted here.
 *
 * <pre>{@code
 * try (RecordIterator it = reader.open()) {
 *     while (it.hasNext()) { VideoTextRecord r = it.next(); ... }
 *     System.out.println(it.malformedRows() + " malformed rows skipped");
 * }
 * }</pre>
 */
public interface RecordIterator extends Iterator<VideoTextRecord>, AutoCloseable {
    /**
     * The manifest (or folder) being read.
     *
     * @return the file
     */
    Path file();

    /**
     * Malformed rows skipped so far (always 0 in strict mode, which throws instead).
     *
     * @return the count
     */
    long malformedRows();

    /**
     * The first few malformed rows (at most 10), in file order.
     *
     * @return an unmodifiable list
     */
    List<RowProblem> problems();

    /** Closes the underlying file; idempotent. */
    @Override
    void close();
}
