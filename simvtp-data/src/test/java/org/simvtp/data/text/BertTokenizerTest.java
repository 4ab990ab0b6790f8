package org.simvtp.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BertTokenizerTest {
    private static final String GUITAR = "A man in a red jacket is playing the guitar on a busy street corner.";
    private static final long[] GUITAR_IDS = {
        101, 1037, 2158, 1999, 1037, 2417, 6598, 2003, 2652, 1996, 2858, 2006, 1037, 5697, 2395, 3420, 1012, 102
    };

    private static BertTokenizer tok;

    @BeforeAll
    static void load() {
        tok = BertTokenizer.create();
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    @Test
    void exactIdsOfTheReferenceCaption() {
        assertArrayEquals(GUITAR_IDS, tok.encode(GUITAR));
        assertEquals(512, tok.maxLength());
    }

    @Test
    void padsToTheLongestCaptionOfTheBatch() {
        TokenBatch b = tok.encodeBatch(List.of("a dog", GUITAR, "Hello, world!"));
        assertEquals(3, b.size());
        assertEquals(18, b.length()); // not 128 (the JSON's fixed padding) and not 512
        assertArrayEquals(new long[] {101, 1037, 3899, 102, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, b.ids()[0]);
        assertArrayEquals(new long[] {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, b.attentionMask()[0]);
        assertArrayEquals(GUITAR_IDS, b.ids()[1]);
        assertArrayEquals(new long[] {101, 7592, 1010, 2088, 999, 102}, java.util.Arrays.copyOf(b.ids()[2], 6));
    }

    @Test
    void truncatesAtMaxLengthKeepingSep() {
        String longCaption = String.join(" ", Collections.nCopies(700, "dog"));
        long[] ids = tok.encode(longCaption);
        assertEquals(512, ids.length);
        assertEquals(BertTokenizer.CLS_ID, ids[0]);
        assertEquals(BertTokenizer.SEP_ID, ids[511]);
        assertEquals(3899, ids[510]);
        try (BertTokenizer t8 = BertTokenizer.builder().optMaxLength(8).build()) {
            assertArrayEquals(new long[] {101, 1037, 2158, 1999, 1037, 2417, 6598, 102}, t8.encode(GUITAR));
        }
        try (BertTokenizer t32 =
                BertTokenizer.builder().optMaxLength(32).optPadToMaxLength(true).build()) {
            TokenBatch b = t32.encodeBatch(List.of(GUITAR));
            assertEquals(32, b.length());
            assertEquals(18, java.util.Arrays.stream(b.attentionMask()[0]).sum());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> BertTokenizer.builder().optMaxLength(1).build());
    }

    @Test
    void vocabularyLookupsAndSpecialIds() {
        assertEquals(30522, tok.vocabSize());
        assertEquals("[PAD]", tok.token(BertTokenizer.PAD_ID));
        assertEquals("[UNK]", tok.token(BertTokenizer.UNK_ID));
        assertEquals("[CLS]", tok.token(BertTokenizer.CLS_ID));
        assertEquals("[SEP]", tok.token(BertTokenizer.SEP_ID));
        assertEquals("[MASK]", tok.token(BertTokenizer.MASK_ID));
        assertEquals(2858, tok.id("guitar"));
        assertEquals("guitar", tok.token(2858));
        assertEquals(BertTokenizer.UNK_ID, tok.id("notavocabularyentry"));
        assertArrayEquals(new long[] {101, 4586, 18510, 102}, tok.encode("Snowballs"));
        assertEquals("##balls", tok.token(18510));
        assertThrows(IllegalArgumentException.class, () -> tok.token(30522));
    }

    @Test
    void decodeDropsSpecialTokensAndJoinsPieces() {
        assertEquals("a man in a red jacket is playing the guitar on a busy street corner.", tok.decode(GUITAR_IDS));
        assertEquals("snowballs", tok.decode(new long[] {101, 4586, 18510, 102, 0, 0}));
        assertArrayEquals(new long[] {101, 103, 102}, tok.encode("[MASK]"));
    }

    @Test
    void toNDListGivesInt64IdsAndMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList l = tok.encodeBatch(List.of("a dog", GUITAR)).toNDList(m);
            assertEquals(new ai.djl.ndarray.types.Shape(2, 18), l.get(0).getShape());
            assertEquals(DataType.INT64, l.get(0).getDataType());
            assertEquals(DataType.INT64, l.get(1).getDataType());
            assertEquals(2858, l.get(0).getLong(1, 10));
        }
    }

    @Test
    void concurrentEncodingGivesTheSameIds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> tok.encode(GUITAR)));
            }
            for (Future<long[]> f : futures) {
                assertArrayEquals(GUITAR_IDS, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
