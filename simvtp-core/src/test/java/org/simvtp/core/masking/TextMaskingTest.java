package org.simvtp.core.masking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simvtp.core.SimvtpConfig;

class TextMaskingTest {

    private static final long IGNORE = TextMaskingResult.IGNORE_INDEX;

    /** 200 captions of [CLS] w1..w20 [SEP] [PAD]x4, words drawn from 1000..1999, one [UNK] each. */
    private static long[][] batch() {
        SplittableRandom rng = new SplittableRandom(123);
        long[][] ids = new long[200][26];
        for (long[] row : ids) {
            row[0] = 101;
            for (int i = 1; i <= 20; i++) {
                row[i] = 1000 + rng.nextInt(1000);
            }
            row[5] = 100;
            row[21] = 102;
        }
        return ids;
    }

    @Test
    void referenceNeverSelectsSpecialOrPaddingAndReplacesAllWithMask() {
        long[][] ids = batch();
        TextMaskingResult r =
                new ReferenceTextMasking(TextMaskingConfig.builder().build()).mask(ids, 1L);
        long[][] masked = r.maskedIds();
        long[][] labels = r.labels();
        int selected = 0;
        for (int b = 0; b < ids.length; b++) {
            for (int i = 0; i < ids[b].length; i++) {
                long id = ids[b][i];
                if (id == 0 || id == 100 || id == 101 || id == 102) {
                    assertEquals(IGNORE, labels[b][i]);
                    assertEquals(id, masked[b][i]);
                } else if (labels[b][i] != IGNORE) {
                    assertEquals(id, labels[b][i]);
                    assertEquals(103, masked[b][i]);
                    selected++;
                } else {
                    assertEquals(id, masked[b][i]);
                }
            }
        }
        assertEquals(selected, r.selectedCount());
        assertTrue(r.hasSelection());
        // 19 maskable tokens per row: selected share ~ Bernoulli(0.75) over 3800 trials (sd ~0.007)
        assertEquals(0.75, selected / (200.0 * 19), 0.03);
    }

    @Test
    void inputIsNeverModified() {
        long[][] ids = batch();
        long[][] copy = TextMaskingResult.deepCopy(ids);
        new ReferenceTextMasking(TextMaskingConfig.builder().build()).mask(ids, 2L);
        new BertTextMasking(TextMaskingConfig.builder().build()).mask(ids, 2L);
        for (int b = 0; b < ids.length; b++) {
            assertArrayEquals(copy[b], ids[b]);
        }
    }

    @Test
    void countIsBernoulliNotExact() {
        long[][] ids = batch();
        ReferenceTextMasking mlm =
                new ReferenceTextMasking(TextMaskingConfig.builder().build());
        long[] perRow = new long[ids.length];
        long[][] labels = mlm.mask(ids, 4L).labels();
        for (int b = 0; b < ids.length; b++) {
            for (long l : labels[b]) {
                perRow[b] += l != IGNORE ? 1 : 0;
            }
        }
        assertTrue(java.util.Arrays.stream(perRow).distinct().count() > 3, "per-row counts vary");
    }

    @Test
    void seededAndDeterministic() {
        long[][] ids = batch();
        TextMaskingStrategy mlm =
                new BertTextMasking(TextMaskingConfig.builder().build());
        assertEquals(mlm.mask(ids, 7L), mlm.mask(ids, 7L));
        assertNotEquals(mlm.mask(ids, 7L), mlm.mask(ids, 8L));
    }

    @Test
    void bertModeSplitsSelectedTokens80_10_10() {
        long[][] ids = new long[2000][];
        SplittableRandom rng = new SplittableRandom(5);
        for (int b = 0; b < ids.length; b++) {
            ids[b] = new long[] {
                101,
                2000 + rng.nextInt(5000),
                2000 + rng.nextInt(5000),
                2000 + rng.nextInt(5000),
                2000 + rng.nextInt(5000),
                102
            };
        }
        TextMaskingConfig config =
                TextMaskingConfig.builder().optProbability(0.5).build();
        TextMaskingResult r = new BertTextMasking(config).mask(ids, 9L);
        long[][] masked = r.maskedIds();
        long[][] labels = r.labels();
        int mask = 0;
        int unchanged = 0;
        int random = 0;
        for (int b = 0; b < ids.length; b++) {
            for (int i = 0; i < ids[b].length; i++) {
                if (labels[b][i] == IGNORE) {
                    assertEquals(ids[b][i], masked[b][i]);
                    continue;
                }
                assertEquals(ids[b][i], labels[b][i]);
                long m = masked[b][i];
                assertTrue(m >= 0 && m < 30522);
                if (m == 103) {
                    mask++;
                } else if (m == ids[b][i]) {
                    unchanged++;
                } else {
                    random++;
                    assertTrue(config.isMaskable(m), "random replacement " + m + " is special");
                }
            }
        }
        double n = r.selectedCount();
        assertEquals(mask + unchanged + random, r.selectedCount());
        assertEquals(0.5, n / 8000, 0.025);
        assertEquals(0.8, mask / n, 0.03);
        assertEquals(0.1, random / n, 0.02);
        assertEquals(0.1, unchanged / n, 0.02);
    }

    @Test
    void zeroSelectionIsReported() {
        long[][] ids = {{101, 102, 0}, {101, 7592, 102}};
        TextMaskingResult onlySpecials =
                new ReferenceTextMasking(TextMaskingConfig.builder().build()).mask(new long[][] {ids[0]}, 1L);
        assertEquals(0, onlySpecials.selectedCount());
        assertFalse(onlySpecials.hasSelection());
        TextMaskingResult never = new ReferenceTextMasking(
                        TextMaskingConfig.builder().optProbability(0).build())
                .mask(ids, 1L);
        assertFalse(never.hasSelection());
        TextMaskingResult always = new ReferenceTextMasking(
                        TextMaskingConfig.builder().optProbability(1).build())
                .mask(ids, 1L);
        assertEquals(1, always.selectedCount());
        assertArrayEquals(new long[] {101, 103, 102}, always.maskedIds()[1]);
        assertArrayEquals(new long[] {IGNORE, 7592, IGNORE}, always.labels()[1]);
    }

    @Test
    void customSpecialIdsAndPad() {
        TextMaskingConfig config = TextMaskingConfig.builder()
                .optProbability(1)
                .optPadTokenId(9)
                .optMaskTokenId(4)
                .optSpecialTokenIds(Set.of(1L, 2L))
                .optVocabSize(10)
                .build();
        TextMaskingResult r = new ReferenceTextMasking(config).mask(new long[][] {{1, 5, 0, 2, 9}}, 0L);
        assertArrayEquals(new long[] {1, 4, 4, 2, 9}, r.maskedIds()[0]);
    }

    @Test
    void configFromModelAndValidation() {
        TextMaskingConfig c = TextMaskingConfig.of(SimvtpConfig.tiny());
        assertEquals(0.75, c.probability());
        assertEquals(30522, c.vocabSize());
        assertEquals(Set.of(100L, 101L, 102L, 103L), c.specialTokenIds());
        assertFalse(c.isMaskable(0));
        assertTrue(c.isMaskable(7592));
        assertEquals(c, c.toBuilder().build());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> TextMaskingConfig.builder().optProbability(1.5).build())
                .getMessage()
                .contains("probability"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> TextMaskingConfig.builder().optVocabSize(50).build())
                .getMessage()
                .contains("maskTokenId"));
        assertThrows(IllegalArgumentException.class, () -> TextMaskingConfig.builder()
                .optVocabSize(2)
                .optMaskTokenId(1)
                .optPadTokenId(0)
                .optSpecialTokenIds(Set.of(1L))
                .build());
    }
}
