package org.simvtp.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrainingRngTest {

    @Test
    void jsonRoundTripResumesEveryStreamExactly() {
        TrainingRng a = TrainingRng.create(-1234567890123456789L);
        for (int i = 0; i < 17; i++) {
            a.stream("mask.video").nextLong();
        }
        a.stream("data.shuffle").permutation(50);
        TrainingRng b = TrainingRng.fromJson(a.toJson());
        assertEquals(a.seed(), b.seed());
        assertEquals(a.counters(), b.counters());
        for (String s : new String[] {"mask.video", "data.shuffle", "mask.text"}) {
            for (int i = 0; i < 100; i++) {
                assertEquals(a.stream(s).nextLong(), b.stream(s).nextLong(), s);
            }
        }
        assertArrayEquals(
                a.stream("data.shuffle").permutation(30),
                b.stream("data.shuffle").permutation(30));
    }

    @Test
    void streamsAreIndependentAndDeterministic() {
        TrainingRng a = TrainingRng.create(0);
        TrainingRng b = TrainingRng.create(0);
        a.stream("other").nextLong(); // using another stream does not shift this one
        assertEquals(a.stream("mask.video").nextLong(), b.stream("mask.video").nextLong());
        assertNotEquals(
                TrainingRng.create(0).stream("x").nextLong(),
                TrainingRng.create(1).stream("x").nextLong());
        assertNotEquals(
                TrainingRng.create(0).stream("x").nextLong(),
                TrainingRng.create(0).stream("y").nextLong());
        assertSame(a.stream("x"), a.stream("x"));
        assertEquals(a.derive("sampler", 3), b.derive("sampler", 3));
        assertNotEquals(a.derive("sampler", 3), a.derive("sampler", 4));
    }

    @Test
    void distributionsStayInRange() {
        RngStream s = TrainingRng.create(42).stream("t");
        int[] counts = new int[3];
        for (int i = 0; i < 3000; i++) {
            counts[s.nextInt(3)]++;
            double d = s.nextDouble();
            float f = s.nextFloat();
            assertTrue(d >= 0 && d < 1 && f >= 0 && f < 1);
        }
        for (int c : counts) {
            assertTrue(c > 850 && c < 1150, Arrays.toString(counts));
        }
        int[] p = s.permutation(100);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> s.nextInt(0));
    }

    @Test
    void invalidJsonIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TrainingRng.fromJson("{"));
        assertThrows(IllegalArgumentException.class, () -> TrainingRng.fromJson("{\"format\":\"other\"}"));
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainingRng.fromJson("{\"format\":\"simvtp-rng\",\"version\":1,\"seed\":\"x\"}"));
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainingRng.fromJson(
                        "{\"format\":\"simvtp-rng\",\"version\":1,\"seed\":\"1\",\"streams\":{\"a\":\"-3\"}}"));
    }
}
