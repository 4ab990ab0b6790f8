package org.simvtp.models.checkpoint;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the records of a {@code torch.save} archive: uncompressed ({@code STORED}) zip entries
 * under {@code <archive>/}, each record's data starting at a multiple of 64 bytes thanks to a
 * padding extra field ({@code "FB"}, as PyTorch's writer does), so that a reader may memory-map
 * storages in place. Timestamps are fixed, so equal content gives equal bytes.
 */
final class TorchZipWriter {

    /** Alignment of record data, as in PyTorch. */
    static final int ALIGNMENT = 64;

    private static final int LOCAL_HEADER_BYTES = 30;
    private static final int PADDING_HEADER_BYTES = 4;
    /** A fixed DOS timestamp (1980-01-01 itself would make the JDK add an extended-timestamp field). */
    private static final LocalDateTime TIMESTAMP = LocalDateTime.of(2000, 1, 1, 0, 0);

    private final String archive;
    private final CountingStream counter;
    private final ZipOutputStream zip;

    /**
     * Starts an archive on a stream that the caller closes.
     *
     * @param archive the top folder of the records
     * @param sink where the bytes go; flushed by {@link #finish()}, not closed
     */
    TorchZipWriter(String archive, OutputStream sink) {
        this.archive = archive;
        this.counter = new CountingStream(new BufferedOutputStream(sink, 1 << 16));
        this.zip = new ZipOutputStream(counter, StandardCharsets.UTF_8);
    }

    /**
     * Writes one record.
     *
     * @param name the record name below the archive folder, e.g. {@code "data/0"}
     * @param data the bytes from position to limit (the buffer is not changed)
     */
    void record(String name, ByteBuffer data) throws IOException {
        String fullName = archive + "/" + name;
        ByteBuffer bytes = data.duplicate();
        CRC32 crc = new CRC32();
        crc.update(bytes.duplicate());
        ZipEntry entry = new ZipEntry(fullName);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.remaining());
        entry.setCompressedSize(bytes.remaining());
        entry.setCrc(crc.getValue());
        entry.setTimeLocal(TIMESTAMP);
        entry.setExtra(padding(fullName));
        zip.putNextEntry(entry);
        if (counter.count % ALIGNMENT != 0) {
            throw new IllegalStateException("zip record " + fullName + " starts at " + counter.count
                    + ", not at a multiple of " + ALIGNMENT + " (unexpected local header layout)");
        }
        byte[] chunk = new byte[(int) Math.min(bytes.remaining(), 1 << 16)];
        while (bytes.hasRemaining()) {
            int n = Math.min(chunk.length, bytes.remaining());
            bytes.get(chunk, 0, n);
            zip.write(chunk, 0, n);
        }
        zip.closeEntry();
    }

    /**
     * Writes a small text record.
     *
     * @param name the record name below the archive folder
     * @param text its ASCII content
     */
    void record(String name, String text) throws IOException {
        record(name, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Writes the central directory and flushes; the sink stays open. */
    void finish() throws IOException {
        zip.finish();
        counter.flush();
    }

    /** The extra field that moves the next record's data to a multiple of {@link #ALIGNMENT}. */
    private byte[] padding(String fullName) {
        long dataStart = counter.count
                + LOCAL_HEADER_BYTES
                + fullName.getBytes(StandardCharsets.UTF_8).length
                + PADDING_HEADER_BYTES;
        int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
        byte[] extra = new byte[PADDING_HEADER_BYTES + pad];
        extra[0] = 'F';
        extra[1] = 'B';
        extra[2] = (byte) pad;
        extra[3] = (byte) (pad >>> 8);
        for (int i = PADDING_HEADER_BYTES; i < extra.length; i++) {
            extra[i] = 'Z';
        }
        return extra;
    }

    /** Counts the bytes written through it, to know where the next local header starts. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
