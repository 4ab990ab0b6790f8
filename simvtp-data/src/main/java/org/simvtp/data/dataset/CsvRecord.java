package org.simvtp.data.dataset;

import java.util.List;

/**
 * One record of a CSV file as read by {@link CsvReader}.
 *
 * <pre>{@code
 * CsvRecord r = csv.next();
 * if (r.error() != null) { System.err.println("line " + r.line() + ": " + r.error()); }
 * }</pre>
 *
 * @param fields the fields, unquoted
 * @param line 1-based physical line where the record starts
 * @param error {@code null}, or why the record is malformed (the reader has skipped to the next line)
 */
public record CsvRecord(List<String> fields, long line, String error) {
    /** Makes the field list unmodifiable. */
    public CsvRecord {
        fields = List.copyOf(fields);
    }
}
