package org.simvtp.data.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the readers' iterators: look-ahead by one record, malformed-row policy (throw, or count and log), and
 * idempotent close.
 */
abstract class AbstractRecordIterator implements RecordIterator {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractRecordIterator.class);
    private static final int KEPT_PROBLEMS = 10;

    private final Path file;
    private final ReadOptions options;
    private final List<RowProblem> problems = new ArrayList<>();
    private long malformed;
    private VideoTextRecord next;
    private boolean done;
    private boolean closed;

    AbstractRecordIterator(Path file, ReadOptions options) {
        this.file = file;
        this.options = options;
    }

    /**
     * Parses the next valid record, reporting malformed rows through {@link #malformed}.
     *
     * @return the record, or {@code null} at the end of the manifest
     */
    protected abstract VideoTextRecord computeNext();

    /** Releases the file; called once. */
    protected abstract void closeResources();

    /** Reports a malformed row of the manifest: throws in strict mode, else counts and logs. */
    protected final void malformed(long line, String message) {
        malformed(file, line, message);
    }

    /** Reports a malformed row located in another file (folder datasets). */
    protected final void malformed(Path where, long line, String message) {
        if (options.errorMode() == ErrorMode.STRICT) {
            throw new DatasetFormatException(where, line, message);
        }
        malformed++;
        RowProblem p = new RowProblem(where, line, message);
        if (problems.size() < KEPT_PROBLEMS) {
            problems.add(p);
        }
        if (malformed <= options.maxLoggedProblems()) {
            LOG.warn("skipping malformed row {}", p);
        }
    }

    protected final ReadOptions options() {
        return options;
    }

    @Override
    public final Path file() {
        return file;
    }

    @Override
    public final long malformedRows() {
        return malformed;
    }

    @Override
    public final List<RowProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    @Override
    public final boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        if (closed) {
            throw new IllegalStateException("iterator over " + file + " is closed");
        }
        next = computeNext();
        if (next == null) {
            done = true;
            if (malformed > options.maxLoggedProblems()) {
                LOG.warn("{}: {} malformed rows skipped in total", file, malformed);
            }
        }
        return next != null;
    }

    @Override
    public final VideoTextRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records in " + file);
        }
        VideoTextRecord r = next;
        next = null;
        return r;
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            closeResources();
        }
    }
}
