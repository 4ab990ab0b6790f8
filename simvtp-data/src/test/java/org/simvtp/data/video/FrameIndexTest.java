package org.simvtp.data.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** When the packet timestamps are trusted to number frames (issue 13), without decoding anything. */
class FrameIndexTest {
    private static FrameIndex build(long[] ts, boolean pts, int delay) {
        boolean[] hasPts = new boolean[ts.length];
        Arrays.fill(hasPts, pts);
        boolean[] key = new boolean[ts.length];
        key[0] = true;
        return FrameIndex.build(ts, hasPts, key, ts.length, delay);
    }

    @Test
    void bFramesWithPresentationTimestampsAreTrusted() {
        // I0 P3 B1 B2 P6 B4 B5 in decode order, reorder delay 1; B-pyramid I0 P4 B2 b1 b3, delay 2
        FrameIndex plain = build(new long[] {0, 3, 1, 2, 6, 4, 5}, true, 1);
        assertTrue(plain.timestampsUsable());
        assertEquals(3, plain.positionOf(3));
        assertTrue(build(new long[] {0, 4, 2, 1, 3, 8, 6, 5, 7}, true, 2).timestampsUsable());
    }

    @Test
    void decodeTimestampsOnlyAreTrustedOnlyWithoutReordering() {
        assertTrue(build(new long[] {0, 1, 2, 3}, false, 0).timestampsUsable());
        assertFalse(build(new long[] {0, 1, 2, 3}, false, 1).timestampsUsable(), "AVI with B-frames");
    }

    @Test
    void missingDuplicatedOrBackwardTimestampsAreNotTrusted() {
        assertFalse(build(new long[] {0, Long.MIN_VALUE, 2}, true, 0).timestampsUsable());
        assertFalse(build(new long[] {0, 1, 1, 2}, true, 0).timestampsUsable());
        // a second segment whose timestamps restart below the first one's
        assertFalse(build(new long[] {10, 11, 12, 13, 3, 4, 5}, true, 1).timestampsUsable());
        assertEquals(7, build(new long[] {10, 11, 12, 13, 3, 4, 5}, true, 1).frameCount());
    }

    @Test
    void reorderBeyondTheDeclaredDelayIsNotTrusted() {
        assertTrue(FrameIndex.emittedInOrder(new long[] {0, 4, 2, 1, 3}, 2));
        assertFalse(FrameIndex.emittedInOrder(new long[] {0, 4, 2, 1, 3}, 1));
    }
}
