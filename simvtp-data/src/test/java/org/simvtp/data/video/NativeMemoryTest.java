package org.simvtp.data.video;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening, decoding and closing a clip many times must not grow native memory.
 *
 * <p>Resident memory also moves for reasons that are not leaks (the Java heap committing pages, malloc arenas
 * settling, JIT code), once and by tens of MiB on a busy machine. A leak grows it in every window instead, so the
 * test measures several equal windows of decodes and requires that at least one of them stays flat, with the
 * JVM's committed heap and non-heap areas taken out of the resident size.
 */
@Tag("slow")
class NativeMemoryTest {
    private static final int WINDOWS = 6;
    private static final int DECODES_PER_WINDOW = 100;

    @TempDir
    static Path dir;

    @Test
    void repeatedDecodingDoesNotLeak() {
        Path clip = TestVideos.write(dir, VideoCodec.H264, 40, 160, 120, 10);
        int[] idx = {0, 9, 17, 25, 39, 39};
        for (int i = 0; i < 30; i++) {
            decodeOnce(clip, idx, i);
        }
        long trackedBefore = Pointer.totalBytes();
        long[] growth = new long[WINDOWS];
        for (int w = 0; w < WINDOWS; w++) {
            long before = nativeResidentBytes();
            for (int i = 0; i < DECODES_PER_WINDOW; i++) {
                decodeOnce(clip, idx, i);
            }
            growth[w] = nativeResidentBytes() - before;
        }
        System.gc();
        long trackedAfter = Pointer.totalBytes();
        assertTrue(
                trackedAfter - trackedBefore < 4096, // a few small pointers may wait for the collector
                "JavaCPP-tracked bytes grew from " + trackedBefore + " to " + trackedAfter);
        long flattest = Arrays.stream(growth).min().orElseThrow();
        // One leaked 160x120 frame per decode would add ~2.8 MiB per window, a leaked decoder far more.
        assertTrue(
                flattest < 2L << 20,
                "native resident memory grew in every window of " + DECODES_PER_WINDOW + " decodes (KiB): "
                        + Arrays.toString(
                                Arrays.stream(growth).map(b -> b >> 10).toArray()));
    }

    /** Resident bytes of this process less the Java heap and the JVM's own areas (code cache, metaspace). */
    private static long nativeResidentBytes() {
        MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
        return Pointer.physicalBytes()
                - jvm.getHeapMemoryUsage().getCommitted()
                - jvm.getNonHeapMemoryUsage().getCommitted();
    }

    private static void decodeOnce(Path clip, int[] idx, int i) {
        try (VideoDecoder d = VideoDecoder.open(clip)) {
            d.decode(idx, 64, 48, i % 2 == 0 ? DecodeStrategy.SEQUENTIAL : DecodeStrategy.SEEK);
        }
    }
}
