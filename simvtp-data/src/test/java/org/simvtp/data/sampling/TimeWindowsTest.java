package org.simvtp.data.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Window planning over frame timestamps. */
class TimeWindowsTest {

    private static double[] times(int frames, double fps) {
        return IntStream.range(0, frames).mapToDouble(k -> k / fps).toArray();
    }

    @Test
    void clipSpanWindowsTileTheVideoAndTheLastEndsAtTheEnd() {
        double span = TimeWindows.clipSpan(16, 4, 25);
        assertEquals(2.56, span, 1e-12);
        List<TimeWindows.Window> w = TimeWindows.plan(times(300, 25), 25, 16, span, span);
        assertEquals(5, w.size()); // 12 s: 0, 2.56, 5.12, 7.68, then moved back to 9.44
        assertEquals(0, w.get(0).start(), 1e-9);
        assertEquals(2.56, w.get(1).start(), 1e-9);
        assertEquals(9.44, w.get(4).start(), 1e-9);
        assertEquals(12.0, w.get(4).end(), 1e-9);
        assertArrayEquals(
                IntStream.range(0, 16).map(i -> 4 * i).toArray(), w.get(0).frames());
        assertArrayEquals(
                IntStream.range(0, 16).map(i -> 64 + 4 * i).toArray(), w.get(1).frames());
        assertArrayEquals(
                IntStream.range(0, 16).map(i -> 236 + 4 * i).toArray(), w.get(4).frames());
        for (int i = 0; i < w.size(); i++) {
            assertEquals(i, w.get(i).index());
        }
    }

    @Test
    void overlappingWindows() {
        List<TimeWindows.Window> w = TimeWindows.plan(times(100, 10), 10, 4, 4, 2);
        assertEquals(4, w.size()); // 10 s: 0-4, 2-6, 4-8, 6-10
        assertEquals(6, w.get(3).start(), 1e-9);
        assertEquals(10, w.get(3).end(), 1e-9);
        assertArrayEquals(new int[] {20, 30, 40, 50}, w.get(1).frames());
    }

    @Test
    void aVideoShorterThanAWindowIsOneWindowOverAllOfIt() {
        List<TimeWindows.Window> w = TimeWindows.plan(times(10, 25), 25, 16, 2.56, 2.56);
        assertEquals(1, w.size());
        assertEquals(0, w.get(0).start());
        assertEquals(0.4, w.get(0).end(), 1e-9);
        assertArrayEquals(
                new int[] {0, 0, 1, 1, 2, 3, 3, 4, 5, 5, 6, 6, 7, 8, 8, 9},
                w.get(0).frames());
        assertEquals(1, TimeWindows.plan(new double[] {0}, 25, 4, 1, 1).size());
    }

    @Test
    void framesComeFromTheirTimestampsNotTheirPositions() {
        // variable frame rate: 8 frames in the first second, 2 in the second
        double[] t = {0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0, 1.5};
        List<TimeWindows.Window> w = TimeWindows.plan(t, 2, 2, 1, 1);
        assertEquals(2, w.size());
        assertArrayEquals(new int[] {0, 4}, w.get(0).frames());
        assertArrayEquals(new int[] {8, 9}, w.get(1).frames());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TimeWindows.plan(times(10, 25), 25, 4, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> TimeWindows.plan(times(10, 25), 25, 4, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> TimeWindows.plan(new double[0], 25, 4, 1, 1));
    }
}
