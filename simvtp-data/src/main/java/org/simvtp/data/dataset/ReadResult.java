package org.simvtp.data.dataset;

import java.util.List;

/**
 * Everything read from a (small) manifest by {@link DatasetReader#readAll()}.
 *
 * <pre>{@code
 * ReadResult r = new CaptionJsonReader(json, ReadOptions.defaults()).readAll();
 * List<VideoTextRecord> records = r.records();
 * }</pre>
 *
 * @param records the records, in file order (unmodifiable)
 * @param malformedRows rows skipped in lenient mode
 * @param problems the first few skipped rows
 */
public record ReadResult(List<VideoTextRecord> records, long malformedRows, List<RowProblem> problems) {
    /** Makes the lists unmodifiable. */
    public ReadResult {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }
}
