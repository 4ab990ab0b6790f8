package org.simvtp.data.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A manifest of video-text pairs that can be streamed any number of times. Implementations are immutable and
 * thread-safe; each {@link #open()} is an independent pass.
 *
 * <pre>{@code
 * DatasetReader reader = new WebVidCsvReader(Path.of("results_2M_train.csv"),
 *         ReadOptions.builder().optRoot(Path.of("/data/webvid")).build());
 * try (Stream<VideoTextRecord> s = reader.stream()) { long n = s.count(); }  // constant memory
 * List<VideoTextRecord> small = reader.readAll().records();                  // whole manifest in memory
 * }</pre>
 */
public interface DatasetReader {
    /**
     * The manifest (or folder) this reader reads.
     *
     * @return the path
     */
    Path file();

    /**
     * Starts a streaming pass.
     *
     * @return an open iterator (close it)
     * @throws DatasetFormatException if the file's header or top-level structure is wrong
     * @throws java.io.UncheckedIOException if the file cannot be opened
     */
    RecordIterator open();

    /**
     * A sequential stream over the records; closing the stream closes the file.
     *
     * @return the stream (use try-with-resources)
     */
    default Stream<VideoTextRecord> stream() {
        RecordIterator it = open();
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(it::close);
    }

    /**
     * Reads every record into memory (for small manifests; see {@link RecordTable} for large ones).
     *
     * @return the records and the malformed-row count
     */
    default ReadResult readAll() {
        try (RecordIterator it = open()) {
            List<VideoTextRecord> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return new ReadResult(out, it.malformedRows(), it.problems());
        }
    }

    /**
     * Counts the records with one streaming pass.
     *
     * @return the number of (valid) records
     */
    default long count() {
        try (RecordIterator it = open()) {
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return n;
        }
    }
}
