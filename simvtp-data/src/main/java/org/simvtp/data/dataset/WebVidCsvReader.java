package org.simvtp.data.dataset;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads WebVid's {@code results_2M_train.csv} / {@code results_2M_val.csv} (header
 * {@code videoid,contentUrl,duration,page_dir,name}; columns are found by name, in any order). Each row gives the
 * video {@code <root>/<page_dir>/<videoid>.mp4} (the layout of WebVid's download script), caption {@code name}
 * and id {@code videoid}. The root is {@link ReadOptions#root()} (default: the CSV's directory).
 *
 * <p>Malformed rows: a column count different from the header's, or an empty {@code videoid}, {@code page_dir} or
 * {@code name}. A missing header or missing required column always throws.
 *
 * <pre>{@code
 * DatasetReader webvid = new WebVidCsvReader(Path.of("results_2M_train.csv"),
 *         ReadOptions.builder().optRoot(Path.of("/data/webvid/videos")).optErrorMode(ErrorMode.LENIENT).build());
 * try (Stream<VideoTextRecord> s = webvid.stream()) { s.limit(5).forEach(System.out::println); }
 * }</pre>
 */
public final class WebVidCsvReader implements DatasetReader {
    /** Name of the id column. */
    public static final String VIDEO_ID = "videoid";
    /** Name of the sub-directory column. */
    public static final String PAGE_DIR = "page_dir";
    /** Name of the caption column. */
    public static final String CAPTION = "name";

    private final Path csv;
    private final ReadOptions options;
    private final String extension;

    /**
     * A reader of {@code .mp4} videos.
     *
     * @param csv the WebVid CSV
     * @param options read options (root = the video directory)
     */
    public WebVidCsvReader(Path csv, ReadOptions options) {
        this(csv, options, "mp4");
    }

    /**
     * A reader with another video extension.
     *
     * @param csv the WebVid CSV
     * @param options read options (root = the video directory)
     * @param extension the video file extension without dot
     */
    public WebVidCsvReader(Path csv, ReadOptions options, String extension) {
        this.csv = Objects.requireNonNull(csv, "csv");
        this.options = Objects.requireNonNull(options, "options");
        this.extension = Objects.requireNonNull(extension, "extension");
    }

    @Override
    public Path file() {
        return csv;
    }

    @Override
    public RecordIterator open() {
        CsvReader reader = CsvReader.open(csv, options.maxRecordChars());
        try {
            return new It(reader);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private final class It extends AbstractRecordIterator {
        private final CsvReader reader;
        private final Path root = options.rootFor(csv);
        private final int columns;
        private final int idCol;
        private final int dirCol;
        private final int captionCol;

        It(CsvReader reader) {
            super(csv, options);
            this.reader = reader;
            CsvRecord header = reader.next();
            if (header == null) {
                throw new DatasetFormatException(
                        csv,
                        1,
                        "empty file: expected the WebVid header " + "videoid,contentUrl,duration,page_dir,name");
            }
            if (header.error() != null) {
                throw new DatasetFormatException(csv, header.line(), "malformed header: " + header.error());
            }
            List<String> names = new ArrayList<>();
            for (String f : header.fields()) {
                names.add(f.strip().toLowerCase(Locale.ROOT));
            }
            columns = names.size();
            idCol = column(names, VIDEO_ID, header);
            dirCol = column(names, PAGE_DIR, header);
            captionCol = column(names, CAPTION, header);
        }

        private int column(List<String> names, String name, CsvRecord header) {
            int i = names.indexOf(name.toLowerCase(Locale.ROOT));
            if (i < 0) {
                throw new DatasetFormatException(
                        csv,
                        header.line(),
                        "header has no '" + name + "' column (found " + header.fields()
                                + "; expected videoid,contentUrl,duration,page_dir,name)");
            }
            return i;
        }

        @Override
        protected VideoTextRecord computeNext() {
            for (CsvRecord r = reader.next(); r != null; r = reader.next()) {
                if (r.error() != null) {
                    malformed(r.line(), r.error());
                    continue;
                }
                List<String> f = r.fields();
                if (f.size() != columns) {
                    malformed(r.line(), "expected " + columns + " columns (as in the header), got " + f.size());
                    continue;
                }
                String id = f.get(idCol).strip();
                String dir = f.get(dirCol).strip();
                String caption = f.get(captionCol);
                if (id.isEmpty() || dir.isEmpty() || caption.isBlank()) {
                    malformed(
                            r.line(),
                            "empty " + (id.isEmpty() ? VIDEO_ID : dir.isEmpty() ? PAGE_DIR : CAPTION) + " column");
                    continue;
                }
                try {
                    Path video = VideoIds.resolve(root, dir).resolve(id + "." + extension);
                    return new VideoTextRecord(video, caption, id);
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
