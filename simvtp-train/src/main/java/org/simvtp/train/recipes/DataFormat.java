package org.simvtp.train.recipes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.simvtp.data.dataset.CaptionCsvReader;
import org.simvtp.data.dataset.CaptionFolderReader;
import org.simvtp.data.dataset.CaptionJsonReader;
import org.simvtp.data.dataset.DatasetReader;
import org.simvtp.data.dataset.MsrvttDataJsonReader;
import org.simvtp.data.dataset.ReadOptions;
import org.simvtp.data.dataset.WebVidCsvReader;

/**
 * The annotation formats the command-line tool reads, each backed by a reader of {@code org.simvtp.data.dataset}.
 *
 * <pre>{@code
 * DataFormat f = DataFormat.parse("webvid-csv");
 * DataFormat g = DataFormat.detect(Path.of("train_9k_miech.json"));   // JSON
 * }</pre>
 */
public enum DataFormat {
    /** WebVid's {@code results_2M_*.csv} (videos at {@code <root>/<page_dir>/<videoid>.mp4}). */
    WEBVID_CSV("webvid-csv"),
    /** A JSON object mapping video path to caption (the reference's format, also written for synthetic data). */
    JSON("json"),
    /** MSR-VTT's {@code MSRVTT_data.json} (videos at {@code <root>/<video_id>.mp4}, 20 captions each). */
    MSRVTT_JSON("msrvtt-json"),
    /** A two-column CSV {@code path,caption}. */
    CSV("csv"),
    /** A folder of videos with {@code .txt} caption sidecars. */
    FOLDER("folder");

    private final String id;

    DataFormat(String id) {
        this.id = id;
    }

    /**
     * The name used on the command line.
     *
     * @return e.g. {@code webvid-csv}
     */
    public String id() {
        return id;
    }

    /**
     * The format named {@code name} (case-insensitive, {@code _} and {@code -} alike).
     *
     * @param name e.g. {@code webvid-csv}
     * @return the format
     * @throws IllegalArgumentException listing the valid names
     */
    public static DataFormat parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DataFormat f : values()) {
            if (f.id.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown annotation format '" + name + "'; use one of " + names());
    }

    /**
     * The valid names, comma-separated.
     *
     * @return e.g. {@code webvid-csv, json, ...}
     */
    public static String names() {
        StringBuilder s = new StringBuilder();
        for (DataFormat f : values()) {
            s.append(s.length() == 0 ? "" : ", ").append(f.id);
        }
        return s.toString();
    }

    /**
     * Guesses the format of an existing file or folder: a folder is {@link #FOLDER}; a {@code .csv} whose header
     * names {@code videoid} and {@code page_dir} is {@link #WEBVID_CSV}, another {@code .csv} is {@link #CSV}; a
     * {@code .json} whose first key is {@code "videos"} or {@code "sentences"} (or {@code "info"}) is
     * {@link #MSRVTT_JSON}, another {@code .json} is {@link #JSON}.
     *
     * @param file the annotations
     * @return the format
     * @throws IllegalArgumentException if the extension is none of these
     */
    public static DataFormat detect(Path file) {
        if (Files.isDirectory(file)) {
            return FOLDER;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            String header = firstLine(file).toLowerCase(Locale.ROOT);
            return header.contains(WebVidCsvReader.VIDEO_ID) && header.contains(WebVidCsvReader.PAGE_DIR)
                    ? WEBVID_CSV
                    : CSV;
        }
        if (name.endsWith(".json")) {
            String head = firstChars(file, 256).replaceAll("\\s", "");
            return head.startsWith("{\"videos\"") || head.startsWith("{\"sentences\"") || head.startsWith("{\"info\"")
                    ? MSRVTT_JSON
                    : JSON;
        }
        throw new IllegalArgumentException(
                "cannot tell the annotation format of " + file + " from its name; pass --format (" + names() + ")");
    }

    /**
     * A reader of {@code file} in this format.
     *
     * @param file the annotations (a folder for {@link #FOLDER})
     * @param options root folder of relative video paths and error mode
     * @return the reader
     */
    public DatasetReader reader(Path file, ReadOptions options) {
        return switch (this) {
            case WEBVID_CSV -> new WebVidCsvReader(file, options);
            case JSON -> new CaptionJsonReader(file, options);
            case MSRVTT_JSON -> new MsrvttDataJsonReader(file, options);
            case CSV -> new CaptionCsvReader(file, options);
            case FOLDER -> new CaptionFolderReader(file, options);
        };
    }

    private static String firstLine(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String firstChars(Path file, int n) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            char[] buf = new char[n];
            int read = r.read(buf);
            return read <= 0 ? "" : new String(buf, 0, read);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
