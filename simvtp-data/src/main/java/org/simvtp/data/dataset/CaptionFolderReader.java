package org.simvtp.data.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a folder of videos with sidecar captions: {@code clip.mp4} next to {@code clip.txt} holding one caption
 * per line (blank lines ignored, each line stripped). Sub-folders are walked depth-first, each folder in file-name
 * order (so the record order is reproducible); symbolic links to folders are not followed. The video id is the
 * path relative to the folder without extension ({@code sub/clip}). Only one folder listing is held in memory
 * at a time per level.
 *
 * <p>Malformed (reported with the video or caption file, line 0): a video without caption file, a caption file
 * without captions or unreadable as UTF-8.
 *
 * <pre>{@code
 * ReadResult r = new CaptionFolderReader(Path.of("my-videos"), ReadOptions.defaults()).readAll();
 * }</pre>
 */
public final class CaptionFolderReader implements DatasetReader {
    /** Recognised video extensions (lower case, without dot). */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "webm", "mkv", "avi", "mov", "m4v");

    private final Path dir;
    private final ReadOptions options;

    /**
     * Creates the reader.
     *
     * @param dir the folder
     * @param options read options (only the error mode and logging settings apply)
     */
    public CaptionFolderReader(Path dir, ReadOptions options) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public Path file() {
        return dir;
    }

    @Override
    public RecordIterator open() {
        if (!Files.isDirectory(dir)) {
            throw new DatasetFormatException(dir, 0, "not a directory");
        }
        return new It();
    }

    private static boolean isVideo(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0
                && VIDEO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                && Files.isRegularFile(p);
    }

    private final class It extends AbstractRecordIterator {
        private final Deque<Iterator<Path>> stack = new ArrayDeque<>();
        private final Deque<VideoTextRecord> pending = new ArrayDeque<>();

        It() {
            super(dir, options);
            stack.push(list(dir));
        }

        private Iterator<Path> list(Path folder) {
            try (Stream<Path> s = Files.list(folder)) {
                return s.sorted().toList().iterator();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
            }
        }

        @Override
        protected VideoTextRecord computeNext() {
            while (pending.isEmpty()) {
                Iterator<Path> top = stack.peek();
                if (top == null) {
                    return null;
                }
                if (!top.hasNext()) {
                    stack.pop();
                    continue;
                }
                Path p = top.next();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    stack.push(list(p));
                } else if (isVideo(p)) {
                    readCaptions(p);
                }
            }
            return pending.poll();
        }

        private void readCaptions(Path video) {
            String stem = VideoIds.stem(video);
            Path txt = video.resolveSibling(stem + ".txt");
            if (!Files.isRegularFile(txt)) {
                malformed(video, 0, "no caption file " + txt.getFileName());
                return;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(txt, StandardCharsets.UTF_8);
            } catch (IOException e) {
                malformed(txt, 0, "cannot read captions: " + e);
                return;
            }
            Path rel = dir.relativize(video);
            String id =
                    rel.getParent() == null ? stem : rel.getParent().toString().replace('\\', '/') + "/" + stem;
            for (String line : lines) {
                if (!line.isBlank()) {
                    pending.add(new VideoTextRecord(video, line.strip(), id));
                }
            }
            if (pending.isEmpty()) {
                malformed(txt, 0, "caption file has no caption");
            }
        }

        @Override
        protected void closeResources() {
            stack.clear();
            pending.clear();
        }
    }
}
