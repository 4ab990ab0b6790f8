package org.simvtp.examples.search;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a file, from an HTTP {@code Range} header ({@code bytes=first-last}, {@code bytes=first-},
 * {@code bytes=-suffixLength}).
 *
 * <pre>{@code
 * ByteRange r = ByteRange.parse("bytes=100-", 1000);   // first 100, last 999
 * String header = r.contentRange(1000);                // "bytes 100-999/1000"
 * }</pre>
 *
 * @param first the first byte (inclusive)
 * @param last the last byte (inclusive)
 */
record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /**
     * Parses a {@code Range} header against a file size.
     *
     * @param header the header value, or null
     * @param size the file size in bytes
     * @return the range, or null to send the whole file (no header, a syntax this server does not handle, or several
     *     ranges — RFC 9110 lets a server ignore those)
     * @throws RequestException 416 when the range lies outside the file
     */
    static ByteRange parse(String header, long size) throws RequestException {
        if (header == null) {
            return null;
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size || first > last) {
                throw unsatisfiable(size);
            }
            return new ByteRange(first, last);
        } catch (NumberFormatException e) {
            throw unsatisfiable(size); // more digits than a long holds
        }
    }

    /** Number of bytes in the range. */
    long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} header value for a file of {@code size} bytes. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    private static RequestException unsatisfiable(long size) {
        return new RequestException(416, "range not satisfiable; the file has " + size + " bytes");
    }
}
