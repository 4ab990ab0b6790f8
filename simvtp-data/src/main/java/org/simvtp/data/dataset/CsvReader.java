package org.simvtp.data.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 CSV reader: comma-separated fields, optionally enclosed in double quotes; inside quotes,
 * {@code ""} is a quote and commas and line breaks are data. Line breaks may be LF, CRLF or CR (a line break
 * inside a quoted field is returned as {@code \n}). A UTF-8 byte-order mark is skipped; empty lines are skipped.
 * A quote inside an unquoted field is kept literally (as Python's csv module does).
 *
 * <p>Errors: text after a closing quote makes the record malformed ({@link CsvRecord#error()}); the reader skips
 * to the end of that physical line and goes on. An unterminated quote, or a record longer than the limit,
 * cannot be recovered from and throws {@link DatasetFormatException}.
 *
 * <pre>{@code
 * try (CsvReader csv = CsvReader.open(Path.of("results_2M_train.csv"), 1_000_000)) {
 *     for (CsvRecord r = csv.next(); r != null; r = csv.next()) { System.out.println(r.line() + " " + r.fields()); }
 * }
 * }</pre>
 */
public final class CsvReader implements Closeable {
    private static final int EOF = -1;

    private final Reader in;
    private final Path file;
    private final int maxRecordChars;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private long line = 1;
    private boolean started;

    /**
     * Wraps a reader.
     *
     * @param in the character source (closed by {@link #close()})
     * @param file the file name used in error messages
     * @param maxRecordChars longest accepted record
     */
    public CsvReader(Reader in, Path file, int maxRecordChars) {
        if (maxRecordChars <= 0) {
            throw new IllegalArgumentException("maxRecordChars must be > 0, got " + maxRecordChars);
        }
        this.in = in;
        this.file = file;
        this.maxRecordChars = maxRecordChars;
    }

    /**
     * Opens a UTF-8 file.
     *
     * @param file the CSV file
     * @param maxRecordChars longest accepted record
     * @return the reader (close it)
     * @throws UncheckedIOException if the file cannot be opened
     */
    public static CsvReader open(Path file, int maxRecordChars) {
        try {
            return new CsvReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), file, maxRecordChars);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a UTF-8 file with a limit of 1,000,000 characters per record.
     *
     * @param file the CSV file
     * @return the reader (close it)
     */
    public static CsvReader open(Path file) {
        return open(file, 1_000_000);
    }

    /**
     * Reads the next record.
     *
     * @return the record, or {@code null} at the end of the file
     * @throws DatasetFormatException on an unterminated quote or an over-long record
     * @throws UncheckedIOException on a read error
     */
    public CsvRecord next() {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                pos++;
            }
        }
        int c;
        while ((c = peek()) == '\n' || c == '\r') {
            read(); // empty line
        }
        if (c == EOF) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        int chars = 0;
        while (true) {
            sb.setLength(0);
            c = read();
            if (c == '"') {
                while (true) {
                    c = read();
                    if (c == EOF) {
                        throw new DatasetFormatException(
                                file, start, "unterminated quoted field (end of file " + "reached inside quotes)");
                    }
                    if (c == '"') {
                        if (peek() == '"') {
                            read();
                        } else {
                            break;
                        }
                    }
                    sb.append((char) c);
                    if (++chars > maxRecordChars) {
                        throw tooLong(start);
                    }
                }
                c = read();
                if (c != ',' && c != '\n' && c != EOF) {
                    String msg = "unexpected character '" + (char) c + "' after the closing quote of field "
                            + (fields.size() + 1);
                    while (c != '\n' && c != EOF) {
                        c = read();
                    }
                    return new CsvRecord(List.of(), start, msg);
                }
            } else {
                while (c != ',' && c != '\n' && c != EOF) {
                    sb.append((char) c);
                    if (++chars > maxRecordChars) {
                        throw tooLong(start);
                    }
                    c = read();
                }
            }
            fields.add(sb.toString());
            if (c != ',') {
                return new CsvRecord(fields, start, null);
            }
        }
    }

    /**
     * The physical line (1-based) the reader is on.
     *
     * @return the line
     */
    public long currentLine() {
        return line;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    private DatasetFormatException tooLong(long start) {
        return new DatasetFormatException(
                file, start, "record longer than " + maxRecordChars + " characters (unterminated quote?)");
    }

    private int peek() {
        if (pos == limit && !fill()) {
            return EOF;
        }
        return buf[pos];
    }

    /** Reads one character; every line break (LF, CRLF, CR) is returned as a single '\n'. */
    private int read() {
        if (pos == limit && !fill()) {
            return EOF;
        }
        char c = buf[pos++];
        if (c == '\r') {
            if (peek() == '\n') {
                pos++;
            }
            line++;
            return '\n';
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private boolean fill() {
        try {
            int n;
            do {
                n = in.read(buf, 0, buf.length);
            } while (n == 0);
            if (n < 0) {
                pos = limit = 0;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " near line " + line + ": " + e.getMessage(), e);
        }
    }
}
