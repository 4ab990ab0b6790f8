package org.simvtp.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestrictedUnpicklerTest {

    private static final Path FILE = Path.of("test.pkl");
    private static final RestrictedUnpickler PLAIN =
            RestrictedUnpickler.builder().build();

    static byte[] resource(String name) throws IOException {
        try (InputStream in = RestrictedUnpicklerTest.class.getResourceAsStream("/io/pickles/" + name)) {
            return in.readAllBytes();
        }
    }

    private static Object load(byte[] pickle) throws IOException {
        return PLAIN.load(pickle, FILE, "test.pkl");
    }

    private static Map<?, ?> loadMap(String resource) throws IOException {
        return (Map<?, ?>) load(resource(resource));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void decodesCPythonPicklesOfEveryProtocol(int protocol) throws IOException {
        Map<?, ?> d = loadMap("plain-p" + protocol + ".pkl");
        assertTrue(d.containsKey("none"));
        assertNull(d.get("none"));
        assertEquals(Boolean.TRUE, d.get("t"));
        assertEquals(Boolean.FALSE, d.get("f"));
        assertEquals(
                List.of(
                        0L,
                        1L,
                        -1L,
                        255L,
                        256L,
                        65535L,
                        65536L,
                        -129L,
                        2147483647L,
                        -2147483648L,
                        2147483648L,
                        Long.MAX_VALUE,
                        Long.MIN_VALUE,
                        BigInteger.TWO.pow(100),
                        BigInteger.TWO.pow(70).negate()),
                d.get("ints"));
        assertEquals(List.of(0.1, -1e300, Double.POSITIVE_INFINITY, 2.5), d.get("floats"));
        assertEquals("h\u00e9llo \u2603 \uD834\uDD1E\n\"q\"\\", d.get("text"));
        assertArrayEquals(new byte[] {0, -1, 10}, (byte[]) d.get("bytes"));

        List<?> tuples = (List<?>) d.get("tuples");
        assertEquals(
                List.of(List.of(), List.of(1L), List.of(1L, 2L), List.of(1L, 2L, 3L), List.of(1L, 2L, 3L, 4L)), tuples);
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) tuples.get(1)).set(0, null));

        Map<?, ?> keys = (Map<?, ?>) d.get("keys");
        assertEquals("one", keys.get(1L));
        assertEquals("tuple", keys.get(List.of(2L, "x")));
        assertEquals(Set.of(3L), d.get("set"));
        assertEquals(Set.of(4L), d.get("frozen"));

        List<?> shared = (List<?>) d.get("shared");
        assertSame(shared.get(0), shared.get(1), "memo must give back the same object");
        assertEquals(List.of(7L, 8L), shared.get(0));

        AttributedMap od = assertInstanceOf(AttributedMap.class, d.get("od"));
        assertEquals(List.of("b", "a"), new ArrayList<>(od.keySet()));
        assertEquals(2L, od.get("a"));
        if (protocol == 5) {
            assertArrayEquals(new byte[] {'a', 'b'}, (byte[]) d.get("ba"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void argparseNamespaceBecomesInertObject(int protocol) throws IOException {
        InertObject args = assertInstanceOf(
                InertObject.class, loadMap("namespace-p" + protocol + ".pkl").get("args"));
        assertEquals("argparse.Namespace", args.qualifiedName());
        assertEquals("pretrain_simvtp_base_patch16_224", args.get("model"));
        assertEquals(0.9, args.get("mask_ratio"));
        assertEquals(16L, args.get("batch_size"));
        assertEquals(
                List.of("model", "mask_ratio", "batch_size"),
                new ArrayList<>(args.attributes().keySet()));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void numpyScalarsBecomeNumbers(int protocol) throws IOException {
        Map<?, ?> d = loadMap("numpy-scalars-p" + protocol + ".pkl");
        assertEquals(0.5, d.get("f8"));
        assertEquals(-1.25, d.get("f4"));
        assertEquals(-3L, d.get("i8"));
        assertEquals(200L, d.get("u1"));
        assertEquals(Boolean.TRUE, d.get("b1"));
        assertEquals(0.3330078125, d.get("f2"));
    }

    @Test
    void protocolZeroStringLiteralAndTextOpcodes() throws IOException {
        byte[] pickle = new PickleBytes()
                .mark()
                .text("S'a\\n\\x41\\'b\\101'\n") // STRING with escapes
                .text("I01\n") // INT True
                .text("L-12345678901234567890L\n") // LONG
                .text("F-2.5e-3\n") // FLOAT
                .text("Vsnow \\u2603\n") // UNICODE raw-unicode-escape
                .text("p7\n") // PUT 7
                .text("g7\n") // GET 7
                .op('l') // LIST
                .stop()
                .bytes();
        assertEquals(
                List.of(
                        "a\nA'bA",
                        true,
                        new BigInteger("-12345678901234567890"),
                        -2.5e-3,
                        "snow \u2603",
                        "snow \u2603"),
                load(pickle));
    }

    @Test
    void stackOpcodesFollowPythonSemantics() throws IOException {
        byte[] pickle = new PickleBytes()
                .proto(4)
                .op(0x95)
                .u64(14) // FRAME covering the rest
                .integer(1)
                .op('2') // DUP
                .mark()
                .integer(9)
                .integer(9)
                .op('1') // POP_MARK discards the marked items
                .integer(5)
                .op('0') // POP
                .op(0x87) // TUPLE3 needs three: push one more
                .stop()
                .bytes();
        // after DUP: [1, 1]; POP_MARK removes (9, 9); POP removes 5; TUPLE3 underflows
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains("stack underflow"), e.getMessage());

        byte[] ok = new PickleBytes()
                .integer(1)
                .op('2')
                .mark()
                .integer(9)
                .op('1')
                .integer(5)
                .op('0')
                .integer(3)
                .op(0x87)
                .stop()
                .bytes();
        assertEquals(List.of(1L, 1L, 3L), load(ok));
    }

    @Test
    void persistentIdsGoThroughTheLoaderAndConstantsArePushedAsValues() throws IOException {
        Object marker = new Object();
        RestrictedUnpickler unpickler = RestrictedUnpickler.builder()
                .optConstant("torch", "FloatStorage", marker)
                .optPersistentLoader(pid -> List.of("resolved", pid))
                .build();
        byte[] pickle = new PickleBytes()
                .global("torch", "FloatStorage")
                .text("Pabc\n") // PERSID
                .mark()
                .str("x")
                .tuple()
                .op('Q') // BINPERSID
                .op(0x87)
                .stop()
                .bytes();
        List<?> out = (List<?>) unpickler.load(pickle, FILE, "x");
        assertSame(marker, out.get(0));
        assertEquals(List.of("resolved", "abc"), out.get(1));
        assertEquals(List.of("resolved", List.of("x")), out.get(2));

        byte[] callConstant = new PickleBytes()
                .global("torch", "FloatStorage")
                .emptyTuple()
                .reduce()
                .stop()
                .bytes();
        CheckpointFormatException e =
                assertThrows(CheckpointFormatException.class, () -> unpickler.load(callConstant, FILE, "x"));
        assertTrue(e.getMessage().contains("not an allow-listed global"), e.getMessage());
    }

    // ------------------------------------------------------------------ hostile globals

    @Test
    void osSystemIsRefusedBeforeAnythingRuns(@TempDir Path dir) throws IOException {
        Path marker = dir.resolve("pwned");
        byte[] pickle = new PickleBytes()
                .proto(2)
                .global("os", "system")
                .str("touch " + marker)
                .op(0x85)
                .reduce()
                .stop()
                .bytes();
        UnsafeCheckpointException e = assertThrows(UnsafeCheckpointException.class, () -> load(pickle));
        assertEquals("os.system", e.global());
        assertTrue(e.getMessage().startsWith(FILE.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("'os.system'"), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset 2"), e.getMessage());
        assertFalse(Files.exists(marker));
    }

    @Test
    void refusesDangerousAndUnknownGlobals() {
        String[][] refused = {
            {"builtins", "eval"},
            {"__builtin__", "getattr"},
            {"subprocess", "Popen"},
            {"posix", "system"},
            {"torch.storage", "_load_from_bytes"},
            {"numpy.core.multiarray", "_reconstruct"},
            {"collections", "OrderedDict.fromkeys"},
            {"my.module", "Model"},
        };
        RestrictedUnpickler torch =
                TorchGlobals.register(RestrictedUnpickler.builder()).build();
        for (String[] g : refused) {
            byte[] viaStack = new PickleBytes()
                    .proto(4)
                    .op(0x8c)
                    .raw(g[0].length())
                    .text(g[0])
                    .op(0x8c)
                    .raw(g[1].length())
                    .text(g[1])
                    .op(0x93)
                    .emptyTuple()
                    .reduce()
                    .stop()
                    .bytes();
            UnsafeCheckpointException e =
                    assertThrows(UnsafeCheckpointException.class, () -> torch.load(viaStack, FILE, "data.pkl"));
            assertEquals(g[0] + "." + g[1], e.global());
            assertTrue(e.getMessage().contains(g[0] + "." + g[1]), e.getMessage());
        }
    }

    @Test
    void codecsEncodeOnlyAcceptsLatin1() {
        byte[] pickle = new PickleBytes()
                .global("_codecs", "encode")
                .str("x")
                .str("rot13")
                .op(0x86)
                .reduce()
                .stop()
                .bytes();
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains("only latin1"), e.getMessage());
    }

    // ------------------------------------------------------------------ malformed streams

    @Test
    void malformedStreamsGiveOffsets() {
        assertFormatError(new byte[] {'R', '.'}, 0, "stack underflow");
        assertFormatError(new byte[] {(byte) 0x80, 2, (byte) 0xff}, 2, "unknown pickle opcode");
        assertFormatError(new byte[] {(byte) 0x80, 6, '.'}, 0, "unsupported pickle protocol 6");
        assertFormatError(new PickleBytes().op('X').u32(1000).text("abc").bytes(), 0, "truncated pickle");
        assertFormatError(new PickleBytes().op(0x8d).u64(-1).bytes(), 0, "truncated pickle");
        assertFormatError(new PickleBytes().op(0x8b).u32(0x7fffffff).bytes(), 0, "truncated pickle");
        assertFormatError(new PickleBytes().op(0x95).u64(1 << 20).bytes(), 0, "truncated pickle: FRAME");
        assertFormatError(new PickleBytes().integer(1).bytes(), 2, "without STOP");
        assertFormatError(new PickleBytes().op('h').raw(5).stop().bytes(), 0, "memo entry 5 does not exist");
        assertFormatError(
                new PickleBytes()
                        .emptyDict()
                        .emptyList()
                        .integer(1)
                        .setItem()
                        .stop()
                        .bytes(),
                4,
                "unhashable list");
        assertFormatError(
                new PickleBytes().emptyDict().integer(1).op('a').stop().bytes(), 3, "not a list");
        assertFormatError(
                new PickleBytes().emptyList().emptyDict().op('b').stop().bytes(), 2, "BUILD on list");
        assertFormatError(
                new PickleBytes().str("f").emptyTuple().reduce().stop().bytes(), 7, "not an allow-listed global");
        assertFormatError(new PickleBytes().str("pid").op('Q').stop().bytes(), 8, "no persistent loader");
        assertFormatError(new PickleBytes().op('(').op('e').stop().bytes(), 1, "stack underflow");
        assertFormatError(new PickleBytes().op('t').stop().bytes(), 0, "no MARK");
        assertFormatError(new PickleBytes().text("I12x\n").stop().bytes(), 0, "not an integer");
        assertFormatError(
                new PickleBytes().op('X').u32(2).raw(0xc3, 0x28).stop().bytes(), 0, "not valid UTF-8");
        assertFormatError(
                new PickleBytes()
                        .global("argparse", "Namespace")
                        .intTuple(1)
                        .reduce()
                        .stop()
                        .bytes(),
                24,
                "argparse.Namespace");
        assertFormatError(new PickleBytes().op('i').bytes(), 0, "not supported");
    }

    @Test
    void limitsBoundMemoStackAndObjects() {
        RestrictedUnpickler tight = RestrictedUnpickler.builder()
                .optMaxMemo(2)
                .optMaxStack(3)
                .optMaxObjects(5)
                .build();
        byte[] memo = new PickleBytes()
                .integer(1)
                .op('q')
                .raw(0)
                .op('q')
                .raw(1)
                .op('q')
                .raw(2)
                .stop()
                .bytes();
        assertTrue(message(tight, memo).contains("memo entries (limit)"));
        byte[] stack = new PickleBytes()
                .integer(1)
                .integer(2)
                .integer(3)
                .integer(4)
                .stop()
                .bytes();
        assertTrue(message(tight, stack).contains("stack deeper than 3"));
        byte[] objects = new PickleBytes()
                .integer(1)
                .op('0')
                .integer(1)
                .op('0')
                .integer(1)
                .op('0')
                .integer(1)
                .op('0')
                .integer(1)
                .op('0')
                .integer(1)
                .stop()
                .bytes();
        assertTrue(message(tight, objects).contains("more than 5 values"));
    }

    @Test
    void deepNestingIsRefusedByALimitWithoutStackOverflow() throws IOException {
        RestrictedUnpickler unpickler = RestrictedUnpickler.builder().build();
        // [[[...]]] 100,000 deep: EMPTY_LIST x 100000, APPEND x 99999
        PickleBytes lists = new PickleBytes().proto(2);
        for (int i = 0; i < 100_000; i++) {
            lists.emptyList();
        }
        for (int i = 1; i < 100_000; i++) {
            lists.op('a');
        }
        assertTrue(message(unpickler, lists.stop().bytes()).contains("nested deeper than 1000 levels (limit)"));

        // the same depth built behind the memo: lists stored first, chained afterwards
        PickleBytes chain = new PickleBytes().proto(2);
        int n = 5000;
        for (int i = 0; i < n; i++) {
            chain.emptyList().op('r').u32(i).op('0');
        }
        for (int i = 0; i + 1 < n; i++) {
            chain.op('j').u32(i).op('j').u32(i + 1).op('a').op('0');
        }
        byte[] chained = chain.op('j').u32(0).stop().bytes();
        assertTrue(message(unpickler, chained).contains("nested deeper than 1000 levels"));
        assertTrue(message(RestrictedUnpickler.builder().optMaxDepth(4999).build(), chained)
                .contains("4999 levels"));
        assertEquals(
                ArrayList.class,
                RestrictedUnpickler.builder()
                        .optMaxDepth(5000)
                        .build()
                        .load(chained, FILE, "x")
                        .getClass());

        // a cycle is not deep: l = []; l.append(l); {"a": l}
        byte[] cycle = new PickleBytes()
                .proto(2)
                .emptyDict()
                .str("a")
                .emptyList()
                .op('q')
                .raw(0)
                .op('h')
                .raw(0)
                .op('a')
                .setItem()
                .stop()
                .bytes();
        Map<?, ?> root = (Map<?, ?>) unpickler.load(cycle, FILE, "x");
        List<?> list = (List<?>) root.get("a");
        assertSame(list, list.get(0));
    }

    @Test
    void nestingDepthCountsTheLongestChainOnce() {
        assertEquals(0, Graphs.nestingDepth(7L, 10));
        assertEquals(1, Graphs.nestingDepth(new ArrayList<>(), 10));
        List<Object> shared = new ArrayList<>(List.of(new ArrayList<>(List.of(1L))));
        Map<Object, Object> dict = new java.util.LinkedHashMap<>();
        dict.put("x", shared);
        dict.put("y", shared);
        dict.put("z", new ArrayList<>());
        assertEquals(3, Graphs.nestingDepth(dict, 10));
        assertEquals(3, Graphs.nestingDepth(dict, 2), "limit + 1 once known to be deeper");
    }

    private static String message(RestrictedUnpickler unpickler, byte[] pickle) {
        return assertThrows(CheckpointFormatException.class, () -> unpickler.load(pickle, FILE, "x"))
                .getMessage();
    }

    private static void assertFormatError(byte[] pickle, long offset, String text) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains(text), () -> "expected '" + text + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(FILE + ": "), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertEquals(FILE, e.file());
    }
}
