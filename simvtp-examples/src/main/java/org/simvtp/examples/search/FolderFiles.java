package org.simvtp.examples.search;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Maps URL paths to files under one folder and back, refusing anything that could leave the folder: malformed or
 * non-UTF-8 percent-encoding, NUL and backslashes (400); empty, {@code .} and {@code ..} segments, also when
 * percent-encoded, and absolute paths (403); files whose real path (symbolic links resolved) is outside the folder's
 * real path (403); missing files (404).
 *
 * <pre>{@code
 * FolderFiles files = new FolderFiles(Path.of("videos"));
 * Path clip = files.resolve("cats/a%20cat.mp4");   // videos/cats/a cat.mp4
 * String url = files.encode(clip);                 // "cats/a%20cat.mp4"
 * }</pre>
 */
final class FolderFiles {

    private final Path root;
    private final Path realRoot;

    /**
     * Serves files of a folder.
     *
     * @param root an existing folder
     * @throws IOException if its real path cannot be found
     */
    FolderFiles(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    /**
     * The file a URL path (relative to the folder, still percent-encoded) names.
     *
     * @param rawPath e.g. {@code sub/clip%201.mp4}
     * @return the absolute, normalised path inside the folder (an existing regular file)
     * @throws RequestException 400, 403 or 404 as described in the class comment
     */
    Path resolve(String rawPath) throws RequestException {
        String decoded = decode(rawPath);
        if (decoded.indexOf('\0') >= 0 || decoded.indexOf('\\') >= 0) {
            throw new RequestException(400, "the path holds a NUL or backslash");
        }
        if (decoded.startsWith("/")) {
            throw new RequestException(403, "absolute paths are not served");
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new RequestException(403, "the path has an empty, '.' or '..' segment");
            }
        }
        Path file = root.resolve(decoded).normalize();
        if (!file.startsWith(root)) {
            throw new RequestException(403, "the path leaves the served folder");
        }
        if (!Files.isRegularFile(file)) {
            throw new RequestException(404, "no such file");
        }
        try {
            if (!file.toRealPath().startsWith(realRoot)) {
                throw new RequestException(403, "the file links outside the served folder");
            }
        } catch (IOException e) {
            throw new RequestException(404, "no such file");
        }
        return file;
    }

    /**
     * The URL path (relative, percent-encoded per segment) of a file inside the folder.
     *
     * @param file an absolute path inside the folder
     * @return e.g. {@code sub/clip%201.mp4}
     */
    String encode(Path file) {
        Path relative = root.relativize(file.toAbsolutePath().normalize());
        StringBuilder out = new StringBuilder();
        for (Path segment : relative) {
            if (out.length() > 0) {
                out.append('/');
            }
            for (byte b : segment.toString().getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if (unreserved(c)) {
                    out.append(c);
                } else {
                    out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
                }
            }
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0;
    }

    /** Strict percent-decoding: every {@code %} takes two hex digits and the bytes must be UTF-8. */
    static String decode(String raw) throws RequestException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new RequestException(400, "malformed percent-encoding");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new RequestException(400, "malformed percent-encoding");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7e || c < 0x20) {
                throw new RequestException(400, "the path holds a character that must be percent-encoded");
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RequestException(400, "the path is not UTF-8");
        }
    }
}
