package org.simvtp.data.dataset;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads a generic two-column CSV {@code path,caption} (RFC 4180 quoting). A first row {@code path,caption}
 * (any case) is taken as a header and skipped; otherwise the first row is data. Relative paths are resolved
 * against {@link ReadOptions#rootFor(Path)}; the video id is the file stem.
 *
 * <p>Malformed rows: not exactly 2 columns, empty path, blank caption, invalid path.
 *
 * <pre>{@code
 * List<VideoTextRecord> rs = new CaptionCsvReader(Path.of("pairs.csv"), ReadOptions.defaults()).readAll().records();
 * }</pre>
 */
public final class CaptionCsvReader implements DatasetReader {
    private final Path csv;
    private final ReadOptions options;

    /**
     * Creates the reader.
     *
     * @param csv the CSV file
     * @param options read options
     */
    public CaptionCsvReader(Path csv, ReadOptions options) {
        this.csv = Objects.requireNonNull(csv, "csv");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public Path file() {
        return csv;
    }

    @Override
    public RecordIterator open() {
        return new It(CsvReader.open(csv, options.maxRecordChars()));
    }

    private final class It extends AbstractRecordIterator {
        private final CsvReader reader;
        private final Path root = options.rootFor(csv);
        private boolean first = true;

        It(CsvReader reader) {
            super(csv, options);
            this.reader = reader;
        }

        @Override
        protected VideoTextRecord computeNext() {
            for (CsvRecord r = reader.next(); r != null; r = reader.next()) {
                boolean isFirst = first;
                first = false;
                if (r.error() != null) {
                    malformed(r.line(), r.error());
                    continue;
                }
                List<String> f = r.fields();
                if (isFirst
                        && f.size() == 2
                        && f.get(0).strip().equalsIgnoreCase("path")
                        && f.get(1).strip().equalsIgnoreCase("caption")) {
                    continue;
                }
                if (f.size() != 2) {
                    malformed(r.line(), "expected 2 columns (path,caption), got " + f.size());
                    continue;
                }
                String raw = f.get(0).strip();
                if (raw.isEmpty()) {
                    malformed(r.line(), "empty path column");
                    continue;
                }
                if (f.get(1).isBlank()) {
                    malformed(r.line(), "empty caption column");
                    continue;
                }
                try {
                    Path video = VideoIds.resolve(root, raw);
                    return new VideoTextRecord(video, f.get(1), VideoIds.stem(video));
                } catch (InvalidPathException e) {
                    malformed(r.line(), "invalid path: " + e.getMessage());
                }
            }
            return null;
        }

        @Override
        protected void closeResources() {
            reader.close();
        }
    }
}
