package org.simvtp.data.video;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Format-aware edits of valid files for robustness tests: lie about the frame size in an MP4's track header
 * and sample description or in MPEG-4 Part 2 VOL headers, or cut a file down to its header.
 *
 * <pre>{@code
 * byte[] huge = MediaPatches.patchMp4Dimensions(Files.readAllBytes(mp4), 65535, 65535);
 * }</pre>
 */
final class MediaPatches {
    private static final Set<String> MP4_CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl");
    private static final Set<String> VISUAL_ENTRIES = Set.of("avc1", "mp4v", "vp08", "vp09", "av01", "hvc1");

    private MediaPatches() {}

    /** A box of an ISO-BMFF file: its type, where it starts and its total size (header included). */
    record Box(String type, int start, int size, int header) {
        int contentStart() {
            return start + header;
        }
    }

    /** The boxes of {@code b} in {@code [from, to)}, descending into moov/trak/mdia/minf/stbl and stsd. */
    static List<Box> mp4Boxes(byte[] b, int from, int to) {
        List<Box> out = new ArrayList<>();
        int p = from;
        while (p + 8 <= to) {
            long size = ByteBuffer.wrap(b, p, 4).getInt() & 0xFFFFFFFFL;
            String type = new String(b, p + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1 && p + 16 <= to) {
                size = ByteBuffer.wrap(b, p + 8, 8).getLong();
                header = 16;
            } else if (size == 0) {
                size = to - p;
            }
            if (size < header || p + size > to) {
                break;
            }
            Box box = new Box(type, p, (int) size, header);
            out.add(box);
            if (MP4_CONTAINERS.contains(type)) {
                out.addAll(mp4Boxes(b, box.contentStart(), p + (int) size));
            } else if (type.equals("stsd")) {
                out.addAll(mp4Boxes(b, box.contentStart() + 8, p + (int) size)); // skip version/flags, count
            }
            p += (int) size;
        }
        return out;
    }

    /** Writes {@code width x height} into every tkhd (16.16 fixed point) and visual sample entry (16-bit). */
    static byte[] patchMp4Dimensions(byte[] original, int width, int height) {
        byte[] b = original.clone();
        int patched = 0;
        for (Box box : mp4Boxes(b, 0, b.length)) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            if (box.type().equals("tkhd")) {
                int version = b[box.contentStart()] & 0xFF;
                int at = box.contentStart() + (version == 1 ? 88 : 76);
                if (buf.getInt(at) != 0) { // audio tracks have 0 x 0
                    buf.putInt(at, width << 16).putInt(at + 4, height << 16);
                    patched++;
                }
            } else if (VISUAL_ENTRIES.contains(box.type())) {
                buf.putShort(box.contentStart() + 24, (short) width).putShort(box.contentStart() + 26, (short) height);
                patched++;
            }
        }
        if (patched == 0) {
            throw new IllegalArgumentException("no tkhd or visual sample entry found");
        }
        return b;
    }

    /** The file cut right after the header of its first box of {@code type} (e.g. "mdat": no media data). */
    static byte[] mp4CutAt(byte[] b, String type) {
        for (Box box : mp4Boxes(b, 0, b.length)) {
            if (box.type().equals(type)) {
                return Arrays.copyOf(b, box.contentStart());
            }
        }
        throw new IllegalArgumentException("no " + type + " box");
    }

    /** The file without its top-level {@code type} box (e.g. "mdat": an index pointing at nothing). */
    static byte[] mp4Without(byte[] b, String type) {
        for (Box box : mp4Boxes(b, 0, b.length)) {
            if (box.type().equals(type)) {
                byte[] out = new byte[b.length - box.size()];
                System.arraycopy(b, 0, out, 0, box.start());
                System.arraycopy(b, box.start() + box.size(), out, box.start(), b.length - box.start() - box.size());
                return out;
            }
        }
        throw new IllegalArgumentException("no " + type + " box");
    }

    /** A WebM/Matroska file cut before its first Cluster (header, tracks and no frames). */
    static byte[] webmHeaderOnly(byte[] b) {
        int at = indexOf(b, new byte[] {0x1F, 0x43, (byte) 0xB6, 0x75}, 0);
        if (at < 0) {
            throw new IllegalArgumentException("no cluster");
        }
        return Arrays.copyOf(b, at);
    }

    /**
     * Sets the 13-bit width and height of every MPEG-4 Part 2 video object layer header ({@code 00 00 01 2x})
     * to {@code size} (at most 8191), in the global header and in-band.
     */
    static byte[] patchVolDimensions(byte[] original, int size) {
        byte[] b = original.clone();
        int patched = 0;
        for (int i = 0; i + 4 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1 && (b[i + 3] & 0xF0) == 0x20) {
                patchVol(b, (i + 4) * 8L, size);
                patched++;
            }
        }
        if (patched == 0) {
            throw new IllegalArgumentException("no VOL header");
        }
        return b;
    }

    /** Walks a VOL header (ISO/IEC 14496-2, 6.2.3) up to video_object_layer_width and overwrites width, height. */
    private static void patchVol(byte[] b, long bit, int size) {
        Bits r = new Bits(b, bit);
        r.skip(1 + 8); // random_accessible_vol, video_object_type_indication
        int verid = 1;
        if (r.read(1) == 1) { // is_object_layer_identifier
            verid = r.read(4);
            r.skip(3);
        }
        if (r.read(4) == 0xF) { // aspect_ratio_info: extended PAR
            r.skip(16);
        }
        if (r.read(1) == 1) { // vol_control_parameters
            r.skip(3);
            if (r.read(1) == 1) { // vbv_parameters
                r.skip(79);
            }
        }
        int shape = r.read(2);
        if (shape == 3 && verid != 1) {
            r.skip(4);
        }
        r.skip(1);
        int resolution = r.read(16);
        r.skip(1);
        if (r.read(1) == 1) { // fixed_vop_rate
            r.skip(32 - Integer.numberOfLeadingZeros(Math.max(1, resolution - 1)));
        }
        if (shape != 0) {
            throw new IllegalArgumentException("VOL shape " + shape + " is not rectangular");
        }
        r.skip(1);
        r.write(13, size);
        r.skip(1);
        r.write(13, size);
    }

    static int indexOf(byte[] b, byte[] pattern, int from) {
        outer:
        for (int i = from; i + pattern.length <= b.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (b[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A big-endian bit cursor over a byte array. */
    private static final class Bits {
        private final byte[] b;
        private long pos;

        Bits(byte[] b, long pos) {
            this.b = b;
            this.pos = pos;
        }

        void skip(int n) {
            pos += n;
        }

        int read(int n) {
            int v = 0;
            for (int i = 0; i < n; i++, pos++) {
                v = (v << 1) | ((b[(int) (pos >>> 3)] >>> (7 - (int) (pos & 7))) & 1);
            }
            return v;
        }

        void write(int n, int value) {
            for (int i = n - 1; i >= 0; i--, pos++) {
                int byteIndex = (int) (pos >>> 3);
                int mask = 1 << (7 - (int) (pos & 7));
                b[byteIndex] = (byte) (((value >>> i) & 1) == 1 ? b[byteIndex] | mask : b[byteIndex] & ~mask);
            }
        }
    }
}
