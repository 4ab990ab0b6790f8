package org.simvtp.data.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable, indexable list of records stored compactly: each record's path, caption and id are kept as UTF-8
 * bytes in large shared arrays (about the size of the text plus 8 bytes per record, instead of several objects per
 * record), and {@link #get(int)} rebuilds the record on demand. Meant for the loader's random access to
 * millions of records (WebVid-2M: roughly 150-250 MB instead of about 1 GB of objects). Paths are stored as strings
 * of the default file system.
 *
 * <pre>{@code
 * RecordTable table = RecordTable.copyOf(new WebVidCsvReader(csv, opts));
 * VideoTextRecord r = table.get(123_456);
 * }</pre>
 */
public final class RecordTable extends AbstractList<VideoTextRecord> implements RandomAccess {
    private static final int MAX_CHUNK = 1 << 24;
    private static final int FIRST_CHUNK = 1 << 16;

    private final byte[][] chunks;
    private final long[] addresses;
    private final int size;

    private RecordTable(byte[][] chunks, long[] addresses, int size) {
        this.chunks = chunks;
        this.addresses = addresses;
        this.size = size;
    }

    /**
     * Reads a whole manifest into a table (one streaming pass).
     *
     * @param reader the manifest
     * @return the table
     */
    public static RecordTable copyOf(DatasetReader reader) {
        try (RecordIterator it = reader.open()) {
            return copyOf(it);
        }
    }

    /**
     * Copies records into a table.
     *
     * @param records the records
     * @return the table
     */
    public static RecordTable copyOf(Iterator<? extends VideoTextRecord> records) {
        Builder b = new Builder();
        records.forEachRemaining(b::add);
        return b.build();
    }

    /**
     * Copies records into a table.
     *
     * @param records the records
     * @return the table
     */
    public static RecordTable copyOf(Iterable<? extends VideoTextRecord> records) {
        return copyOf(records.iterator());
    }

    @Override
    public VideoTextRecord get(int index) {
        Objects.checkIndex(index, size);
        long a = addresses[index];
        byte[] c = chunks[(int) (a >>> 32)];
        int[] p = {(int) a};
        String video = readString(c, p);
        String caption = readString(c, p);
        String id = readString(c, p);
        return new VideoTextRecord(Path.of(video), caption, id);
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * Approximate heap bytes held by the table.
     *
     * @return bytes
     */
    public long byteSize() {
        long n = 8L * addresses.length;
        for (byte[] c : chunks) {
            n += c.length;
        }
        return n;
    }

    private static String readString(byte[] c, int[] p) {
        int len = 0;
        int shift = 0;
        int b;
        do {
            b = c[p[0]++];
            len |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        String s = new String(c, p[0], len, StandardCharsets.UTF_8);
        p[0] += len;
        return s;
    }

    /** Builds a table record by record (not thread-safe). */
    static final class Builder {
        private final List<byte[]> chunks = new ArrayList<>();
        private byte[] current;
        private int currentIndex = -1;
        private int pos;
        private long[] addresses = new long[1024];
        private int size;

        void add(VideoTextRecord r) {
            byte[] v = r.video().toString().getBytes(StandardCharsets.UTF_8);
            byte[] c = r.caption().getBytes(StandardCharsets.UTF_8);
            byte[] i = r.videoId().getBytes(StandardCharsets.UTF_8);
            int need = varLen(v.length) + v.length + varLen(c.length) + c.length + varLen(i.length) + i.length;
            if (size == Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("too many records for one table");
            }
            long address;
            if (need > MAX_CHUNK) {
                byte[] own = new byte[need];
                chunks.add(own);
                address = (long) (chunks.size() - 1) << 32;
                write(own, 0, v, c, i);
            } else {
                if (currentIndex < 0) {
                    current = new byte[Math.max(FIRST_CHUNK, need)];
                    chunks.add(current);
                    currentIndex = chunks.size() - 1;
                    pos = 0;
                } else if (pos + need > current.length) {
                    if (current.length < MAX_CHUNK) {
                        current = Arrays.copyOf(current, Math.min(MAX_CHUNK, Math.max(current.length * 2, pos + need)));
                        chunks.set(currentIndex, current);
                    }
                    if (pos + need > current.length) {
                        chunks.set(currentIndex, Arrays.copyOf(current, pos));
                        current = new byte[MAX_CHUNK];
                        chunks.add(current);
                        currentIndex = chunks.size() - 1;
                        pos = 0;
                    }
                }
                address = ((long) currentIndex << 32) | pos;
                pos = write(current, pos, v, c, i);
            }
            if (size == addresses.length) {
                addresses = Arrays.copyOf(addresses, addresses.length * 2);
            }
            addresses[size++] = address;
        }

        RecordTable build() {
            if (currentIndex >= 0) {
                chunks.set(currentIndex, Arrays.copyOf(current, pos));
            }
            return new RecordTable(chunks.toArray(new byte[0][]), Arrays.copyOf(addresses, size), size);
        }

        private static int write(byte[] dst, int at, byte[]... parts) {
            for (byte[] p : parts) {
                int n = p.length;
                while (n >= 0x80) {
                    dst[at++] = (byte) ((n & 0x7F) | 0x80);
                    n >>>= 7;
                }
                dst[at++] = (byte) n;
                System.arraycopy(p, 0, dst, at, p.length);
                at += p.length;
            }
            return at;
        }

        private static int varLen(int n) {
            int k = 1;
            while (n >= 0x80) {
                n >>>= 7;
                k++;
            }
            return k;
        }
    }
}
