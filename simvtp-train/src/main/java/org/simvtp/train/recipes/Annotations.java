package org.simvtp.train.recipes;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.simvtp.data.dataset.ErrorMode;
import org.simvtp.data.dataset.ReadOptions;
import org.simvtp.data.dataset.RecordIterator;
import org.simvtp.data.dataset.RecordTable;
import org.simvtp.data.dataset.VideoTextRecord;

/**
 * Reads an annotation file (or caption folder) into memory-compact records, skipping malformed rows with a warning.
 *
 * <pre>{@code
 * List<VideoTextRecord> train = Annotations.read(Path.of("train.json"), null, null, System.err);
 * }</pre>
 */
public final class Annotations {

    private Annotations() {}

    /**
     * Reads the records of an annotation file.
     *
     * @param file the annotations
     * @param format the format, or null to {@link DataFormat#detect detect} it
     * @param root folder relative video paths are resolved against, or null for the file's folder
     * @param warnings where skipped rows are reported
     * @return the records, in file order (random access)
     * @throws FileNotFoundException if {@code file} does not exist
     * @throws IllegalArgumentException if it holds no valid pair
     * @throws org.simvtp.data.dataset.DatasetFormatException if it cannot be parsed
     */
    public static List<VideoTextRecord> read(Path file, DataFormat format, Path root, PrintStream warnings)
            throws FileNotFoundException {
        if (!Files.exists(file)) {
            throw new FileNotFoundException("annotations file " + file + " does not exist");
        }
        if (root != null && !Files.isDirectory(root)) {
            throw new FileNotFoundException("video root folder " + root + " does not exist");
        }
        DataFormat f = format != null ? format : DataFormat.detect(file);
        ReadOptions options = ReadOptions.builder()
                .optRoot(root)
                .optErrorMode(ErrorMode.LENIENT)
                .build();
        RecordTable records;
        long malformed;
        try (RecordIterator it = f.reader(file, options).open()) {
            records = RecordTable.copyOf(it);
            malformed = it.malformedRows();
        }
        if (malformed > 0) {
            warnings.println("warning: skipped " + malformed + " malformed rows of " + file);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException(
                    "annotations file " + file + " (" + f.id() + ") holds no video-text pairs");
        }
        return records;
    }
}
