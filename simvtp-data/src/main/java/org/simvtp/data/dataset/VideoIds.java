package org.simvtp.data.dataset;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Video identifiers derived from file names.
 *
 * <pre>{@code
 * VideoIds.stem(Path.of("/d/video7020.mp4"));   // "video7020"
 * VideoIds.msrvttNumber("video7020.mp4");       // 7020
 * }</pre>
 */
public final class VideoIds {
    private static final Pattern MSRVTT = Pattern.compile("video(\\d+)(\\.[A-Za-z0-9]+)?");

    private VideoIds() {}

    /**
     * The file name without its last extension.
     *
     * @param file a file
     * @return the stem ({@code "clip"} for {@code dir/clip.mp4})
     */
    public static String stem(Path file) {
        Path name = file.getFileName();
        String s = name == null ? file.toString() : name.toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    /**
     * The number of an MSR-VTT video: {@code videoNNNN} or {@code videoNNNN.mp4} gives NNNN (the reference parses
     * it from the file name to sort videos at evaluation).
     *
     * @param idOrFileName an id such as {@code video7020} or a file name such as {@code video7020.mp4}
     * @return the number
     * @throws IllegalArgumentException if the name does not follow the pattern
     */
    public static int msrvttNumber(String idOrFileName) {
        String name = idOrFileName;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        Matcher m = MSRVTT.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + idOrFileName + "' is not an MSR-VTT video name (videoNNNN.mp4)");
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("video number out of range in '" + idOrFileName + "'", e);
        }
    }

    /**
     * Resolves a manifest path against a root (absolute paths stay as they are), normalised.
     *
     * @param root the root directory
     * @param raw the path as written in the manifest
     * @return the resolved path
     * @throws java.nio.file.InvalidPathException if {@code raw} is not a valid path
     */
    static Path resolve(Path root, String raw) {
        return root.resolve(raw).normalize();
    }
}
