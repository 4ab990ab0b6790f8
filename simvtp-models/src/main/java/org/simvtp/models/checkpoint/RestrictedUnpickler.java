package org.simvtp.models.checkpoint;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A pickle virtual machine that builds plain Java data and never runs code from the file.
 *
 * <p>It understands the opcodes of pickle protocols 0 to 5 that {@code torch.save} and plain
 * containers use. Python values map to Java as follows: {@code None} → {@code null}, bool →
 * {@link Boolean}, int → {@link Long} (or {@link BigInteger} beyond 64 bits), float →
 * {@link Double}, str → {@link String}, bytes/bytearray → {@code byte[]}, tuple → unmodifiable
 * {@link List}, list → {@link ArrayList}, dict → {@link LinkedHashMap}, set → {@link LinkedHashSet},
 * {@code collections.OrderedDict} → {@link AttributedMap}, {@code argparse.Namespace} →
 * {@link InertObject}.
 *
 * <p>A global ({@code GLOBAL}, {@code STACK_GLOBAL}) is resolved only from an allow-list of Java
 * stand-ins ({@link PickleCallable}); naming any other global fails at once with an
 * {@link UnsafeCheckpointException}. Malformed input (bad opcode, stack underflow, truncation,
 * exceeded limits) fails with a {@link CheckpointFormatException} giving the byte offset. Limits
 * bound the stack, the memo, the number of values and the nesting depth of the result (1000 levels
 * by default, checked without recursion), so hostile input can exhaust neither heap nor stack.
 *
 * <pre>{@code
 * RestrictedUnpickler unpickler = RestrictedUnpickler.builder().build();
 * Object value = unpickler.load(bytes, Path.of("state.pkl"), "state.pkl");
 * }</pre>
 */
public final class RestrictedUnpickler {

    /** Highest pickle protocol understood. */
    public static final int HIGHEST_PROTOCOL = 5;

    private final Map<String, Object> globals;
    private final PersistentLoader persistentLoader;
    private final int maxStack;
    private final int maxMemo;
    private final int maxObjects;
    private final int maxDepth;

    private RestrictedUnpickler(Builder builder) {
        this.globals = Map.copyOf(builder.globals);
        this.persistentLoader = builder.persistentLoader;
        this.maxStack = builder.maxStack;
        this.maxMemo = builder.maxMemo;
        this.maxObjects = builder.maxObjects;
        this.maxDepth = builder.maxDepth;
    }

    /**
     * Starts a builder whose allow-list holds the plain-data globals: {@code collections.OrderedDict},
     * {@code builtins.set}/{@code frozenset}, {@code _codecs.encode} (latin1 only),
     * {@code argparse.Namespace}, {@code numpy.dtype} and numpy scalars.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Unpickles one object.
     *
     * @param pickle the pickle bytes
     * @param file the file the bytes came from, for messages (may be {@code null})
     * @param part the part of the file, e.g. the zip entry name, for messages
     * @return the unpickled object as plain Java data
     * @throws UnsafeCheckpointException if a global outside the allow-list is named
     * @throws CheckpointFormatException if the stream is malformed or exceeds a limit
     * @throws IOException if the persistent loader or a stand-in fails to read data
     */
    public Object load(byte[] pickle, Path file, String part) throws IOException {
        return new Machine(pickle, file, part).run();
    }

    /** Builds a {@link RestrictedUnpickler}. */
    public static final class Builder {

        private final Map<String, Object> globals = new HashMap<>();
        private PersistentLoader persistentLoader;
        private int maxStack = 1_000_000;
        private int maxMemo = 10_000_000;
        private int maxObjects = 5_000_000;
        private int maxDepth = 1000;

        private Builder() {
            PlainDataGlobals.create()
                    .forEach((key, standIn) -> globals.put(key, new Global(key.replace(' ', '.'), standIn)));
        }

        /**
         * Allows one more global, backed by Java code.
         *
         * @param module the Python module, e.g. {@code "torch._utils"}
         * @param name the global's name, e.g. {@code "_rebuild_tensor_v2"}
         * @param standIn the Java code called instead
         * @return this builder
         */
        public Builder optGlobal(String module, String name, PickleCallable standIn) {
            Objects.requireNonNull(standIn, "standIn");
            globals.put(PlainDataGlobals.key(module, name), new Global(module + "." + name, standIn));
            return this;
        }

        /**
         * Allows one more global that stands for a fixed value and cannot be called (torch storage
         * types, for instance, which only appear inside persistent ids).
         *
         * @param module the Python module, e.g. {@code "torch"}
         * @param name the global's name, e.g. {@code "FloatStorage"}
         * @param value the value pushed when the pickle names the global
         * @return this builder
         */
        public Builder optConstant(String module, String name, Object value) {
            globals.put(PlainDataGlobals.key(module, name), new Constant(value));
            return this;
        }

        /**
         * Sets the resolver of persistent ids; without one, persistent ids are refused.
         *
         * @param loader the resolver
         * @return this builder
         */
        public Builder optPersistentLoader(PersistentLoader loader) {
            this.persistentLoader = loader;
            return this;
        }

        /**
         * Sets the largest stack depth (default 1,000,000).
         *
         * @param max the limit
         * @return this builder
         */
        public Builder optMaxStack(int max) {
            this.maxStack = positive(max);
            return this;
        }

        /**
         * Sets the largest number of memo entries (default 10,000,000).
         *
         * @param max the limit
         * @return this builder
         */
        public Builder optMaxMemo(int max) {
            this.maxMemo = positive(max);
            return this;
        }

        /**
         * Sets the largest number of values created (default 5,000,000); this bounds memory.
         *
         * @param max the limit
         * @return this builder
         */
        public Builder optMaxObjects(int max) {
            this.maxObjects = positive(max);
            return this;
        }

        /**
         * Sets the deepest nesting of containers in the result (default 1000, CPython's default
         * recursion limit); deeper results are refused, so that code walking them recursively
         * cannot overflow its stack.
         *
         * @param max the limit
         * @return this builder
         */
        public Builder optMaxDepth(int max) {
            this.maxDepth = positive(max);
            return this;
        }

        private static int positive(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("limit must be positive: " + value);
            }
            return value;
        }

        /**
         * Builds the unpickler.
         *
         * @return an immutable, thread-safe unpickler
         */
        public RestrictedUnpickler build() {
            return new RestrictedUnpickler(this);
        }
    }

    /** An allow-listed global that stands for a fixed value. */
    private static final class Constant {
        final Object value;

        Constant(Object value) {
            this.value = value;
        }
    }

    /** An allow-listed callable global on the pickle stack. */
    private static final class Global {
        final String displayName;
        final PickleCallable standIn;

        Global(String displayName, PickleCallable standIn) {
            this.displayName = displayName;
            this.standIn = standIn;
        }

        @Override
        public String toString() {
            return displayName;
        }
    }

    /** The state of one load. */
    private final class Machine {
        private final byte[] in;
        private final Path file;
        private final String part;
        private int pos;
        private int opStart;
        private final ArrayList<Object> stack = new ArrayList<>();
        private int[] marks = new int[16];
        private int markCount;
        private final HashMap<Long, Object> memo = new HashMap<>();
        private int objects;

        Machine(byte[] in, Path file, String part) {
            this.in = in;
            this.file = file;
            this.part = part;
        }

        Object run() throws IOException {
            while (pos < in.length) {
                opStart = pos;
                int op = in[pos++] & 0xff;
                if (op == '.') {
                    return checkDepth(pop());
                }
                try {
                    execute(op);
                } catch (CheckpointException e) {
                    throw e;
                } catch (IllegalArgumentException
                        | IllegalStateException
                        | ClassCastException
                        | UnsupportedOperationException
                        | ArithmeticException e) {
                    throw fail(opName(op) + ": " + e.getMessage(), e);
                }
            }
            opStart = pos;
            throw fail("truncated pickle: end of data without STOP opcode", null);
        }

        private Object checkDepth(Object result) throws CheckpointFormatException {
            if (Graphs.nestingDepth(result, maxDepth) > maxDepth) {
                throw fail("containers nested deeper than " + maxDepth + " levels (limit)", null);
            }
            return result;
        }

        private void execute(int op) throws IOException {
            switch (op) {
                case 0x80: { // PROTO
                    int protocol = u8();
                    if (protocol > HIGHEST_PROTOCOL) {
                        throw fail("unsupported pickle protocol " + protocol, null);
                    }
                    break;
                }
                case 0x95: { // FRAME: framing is transparent to an in-memory reader
                    long length = u64();
                    if (length > in.length - pos) {
                        throw truncated("FRAME", length);
                    }
                    break;
                }
                case '(':
                    pushMark();
                    break;
                case '0': // POP
                    if (stack.size() > currentMarkBase()) {
                        pop();
                    } else {
                        popMark();
                    }
                    break;
                case '1': // POP_MARK
                    popMark();
                    break;
                case '2': // DUP
                    pushExisting(peek());
                    break;
                case 'N':
                    pushExisting(null);
                    break;
                case 0x88:
                    pushExisting(Boolean.TRUE);
                    break;
                case 0x89:
                    pushExisting(Boolean.FALSE);
                    break;
                case 'I':
                    push(parseIntLine(line()));
                    break;
                case 'J':
                    push((long) le(4));
                    break;
                case 'K':
                    push((long) u8());
                    break;
                case 'M':
                    push((long) (le(2) & 0xffff));
                    break;
                case 'L':
                    push(parseLongLine(line()));
                    break;
                case 0x8a:
                    push(longFromBytes(bytes(u8(), "LONG1")));
                    break;
                case 0x8b:
                    push(longFromBytes(bytes(length4("LONG4"), "LONG4")));
                    break;
                case 'F':
                    push(parseFloat(line()));
                    break;
                case 'G':
                    push(ByteBuffer.wrap(bytes(8, "BINFLOAT")).getDouble());
                    break;
                case 'S':
                    push(utf8(unescapeStringLiteral(line()), "STRING"));
                    break;
                case 'T':
                    push(utf8(bytes(length4("BINSTRING"), "BINSTRING"), "BINSTRING"));
                    break;
                case 'U':
                    push(utf8(bytes(u8(), "SHORT_BINSTRING"), "SHORT_BINSTRING"));
                    break;
                case 'V':
                    push(rawUnicodeEscape(line()));
                    break;
                case 'X':
                    push(utf8(bytes(length4("BINUNICODE"), "BINUNICODE"), "BINUNICODE"));
                    break;
                case 0x8c:
                    push(utf8(bytes(u8(), "SHORT_BINUNICODE"), "SHORT_BINUNICODE"));
                    break;
                case 0x8d:
                    push(utf8(bytes(length8("BINUNICODE8"), "BINUNICODE8"), "BINUNICODE8"));
                    break;
                case 'B':
                    push(bytes(length4("BINBYTES"), "BINBYTES"));
                    break;
                case 'C':
                    push(bytes(u8(), "SHORT_BINBYTES"));
                    break;
                case 0x8e:
                    push(bytes(length8("BINBYTES8"), "BINBYTES8"));
                    break;
                case 0x96:
                    push(bytes(length8("BYTEARRAY8"), "BYTEARRAY8"));
                    break;
                case ')':
                    push(PyTuple.EMPTY);
                    break;
                case 't':
                    push(PyTuple.copyOf(popMark()));
                    break;
                case 0x85: {
                    Object a = pop();
                    push(PyTuple.of(a));
                    break;
                }
                case 0x86: {
                    Object b = pop();
                    Object a = pop();
                    push(PyTuple.of(a, b));
                    break;
                }
                case 0x87: {
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    push(PyTuple.of(a, b, c));
                    break;
                }
                case ']':
                    push(new ArrayList<>());
                    break;
                case 'l':
                    push(new ArrayList<>(popMark()));
                    break;
                case 'a': {
                    Object item = pop();
                    asList(peek(), "APPEND").add(item);
                    break;
                }
                case 'e': {
                    List<Object> items = popMark();
                    asList(peek(), "APPENDS").addAll(items);
                    break;
                }
                case '}':
                    push(new LinkedHashMap<>());
                    break;
                case 'd': {
                    List<Object> items = popMark();
                    Map<Object, Object> dict = new LinkedHashMap<>();
                    putPairs(dict, items);
                    push(dict);
                    break;
                }
                case 's': {
                    Object value = pop();
                    Object key = pop();
                    putPairs(asMap(peek(), "SETITEM"), Arrays.asList(key, value));
                    break;
                }
                case 'u': {
                    List<Object> items = popMark();
                    putPairs(asMap(peek(), "SETITEMS"), items);
                    break;
                }
                case 0x8f:
                    push(new LinkedHashSet<>());
                    break;
                case 0x90: {
                    List<Object> items = popMark();
                    Object target = peek();
                    if (!(target instanceof Set)) {
                        throw fail("ADDITEMS on " + Graphs.describe(target) + ", not a set", null);
                    }
                    addToSet(castSet(target), items);
                    break;
                }
                case 0x91: {
                    Set<Object> set = new LinkedHashSet<>();
                    addToSet(set, popMark());
                    push(java.util.Collections.unmodifiableSet(set));
                    break;
                }
                case 'g':
                    pushExisting(memoGet(parseMemoIndex(line())));
                    break;
                case 'h':
                    pushExisting(memoGet(u8()));
                    break;
                case 'j':
                    pushExisting(memoGet(le(4) & 0xffffffffL));
                    break;
                case 'p':
                    memoPut(parseMemoIndex(line()));
                    break;
                case 'q':
                    memoPut(u8());
                    break;
                case 'r':
                    memoPut(le(4) & 0xffffffffL);
                    break;
                case 0x94:
                    memoPut(memo.size());
                    break;
                case 'c': {
                    String module = asciiLine("GLOBAL");
                    String name = asciiLine("GLOBAL");
                    push(resolveGlobal(module, name));
                    break;
                }
                case 0x93: {
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String) || !(name instanceof String)) {
                        throw fail(
                                "STACK_GLOBAL needs two strings, got " + Graphs.describe(module) + " and "
                                        + Graphs.describe(name),
                                null);
                    }
                    push(resolveGlobal((String) module, (String) name));
                    break;
                }
                case 'R': {
                    Object args = pop();
                    Object callable = pop();
                    push(call(callable, args, "REDUCE"));
                    break;
                }
                case 0x81: {
                    Object args = pop();
                    Object cls = pop();
                    push(call(cls, args, "NEWOBJ"));
                    break;
                }
                case 0x92: {
                    Object kwargs = pop();
                    Object args = pop();
                    Object cls = pop();
                    if (!(kwargs instanceof Map) || !((Map<?, ?>) kwargs).isEmpty()) {
                        throw fail("NEWOBJ_EX with keyword arguments is not supported", null);
                    }
                    push(call(cls, args, "NEWOBJ_EX"));
                    break;
                }
                case 'b': {
                    Object state = pop();
                    build(peek(), state);
                    break;
                }
                case 'P':
                    push(persistentLoad(asciiLine("PERSID")));
                    break;
                case 'Q':
                    push(persistentLoad(pop()));
                    break;
                default:
                    throw fail(describeUnsupported(op), null);
            }
        }

        // ---------------------------------------------------------------- stack and memo

        private void push(Object value) throws CheckpointFormatException {
            if (++objects > maxObjects) {
                throw fail("pickle creates more than " + maxObjects + " values (limit)", null);
            }
            pushExisting(value);
        }

        private void pushExisting(Object value) throws CheckpointFormatException {
            if (stack.size() >= maxStack) {
                throw fail("pickle stack deeper than " + maxStack + " (limit)", null);
            }
            stack.add(value);
        }

        private Object pop() throws CheckpointFormatException {
            if (stack.size() <= currentMarkBase()) {
                throw fail("stack underflow", null);
            }
            return stack.remove(stack.size() - 1);
        }

        private Object peek() throws CheckpointFormatException {
            if (stack.size() <= currentMarkBase()) {
                throw fail("stack underflow (no object to work on)", null);
            }
            return stack.get(stack.size() - 1);
        }

        private int currentMarkBase() {
            return markCount == 0 ? 0 : marks[markCount - 1];
        }

        private void pushMark() throws CheckpointFormatException {
            if (markCount >= maxStack) {
                throw fail("more than " + maxStack + " open MARKs (limit)", null);
            }
            if (markCount == marks.length) {
                marks = Arrays.copyOf(marks, marks.length * 2);
            }
            marks[markCount++] = stack.size();
        }

        private List<Object> popMark() throws CheckpointFormatException {
            if (markCount == 0) {
                throw fail("no MARK on the stack", null);
            }
            int base = marks[--markCount];
            List<Object> view = stack.subList(base, stack.size());
            List<Object> items = new ArrayList<>(view);
            view.clear();
            return items;
        }

        private Object memoGet(long index) throws CheckpointFormatException {
            Object value = memo.get(index);
            if (value == null && !memo.containsKey(index)) {
                throw fail("memo entry " + index + " does not exist", null);
            }
            return value;
        }

        private void memoPut(long index) throws CheckpointFormatException {
            if (memo.size() >= maxMemo && !memo.containsKey(index)) {
                throw fail("more than " + maxMemo + " memo entries (limit)", null);
            }
            memo.put(index, peek());
        }

        // ---------------------------------------------------------------- containers

        @SuppressWarnings("unchecked")
        private List<Object> asList(Object target, String opcode) throws CheckpointFormatException {
            if (!(target instanceof ArrayList)) {
                throw fail(opcode + " on " + Graphs.describe(target) + ", not a list", null);
            }
            return (List<Object>) target;
        }

        @SuppressWarnings("unchecked")
        private Map<Object, Object> asMap(Object target, String opcode) throws CheckpointFormatException {
            if (!(target instanceof Map)) {
                throw fail(opcode + " on " + Graphs.describe(target) + ", not a dict", null);
            }
            return (Map<Object, Object>) target;
        }

        @SuppressWarnings("unchecked")
        private Set<Object> castSet(Object target) {
            return (Set<Object>) target;
        }

        private void putPairs(Map<Object, Object> dict, List<Object> items) throws CheckpointFormatException {
            if (items.size() % 2 != 0) {
                throw fail("odd number of items for a dict", null);
            }
            for (int i = 0; i < items.size(); i += 2) {
                Graphs.requireHashable(items.get(i));
                dict.put(items.get(i), items.get(i + 1));
            }
        }

        private void addToSet(Set<Object> set, List<Object> items) {
            for (Object item : items) {
                Graphs.requireHashable(item);
                set.add(item);
            }
        }

        // ---------------------------------------------------------------- globals and calls

        private Object resolveGlobal(String module, String name) throws UnsafeCheckpointException {
            String display = module + "." + name;
            Object entry = globals.get(PlainDataGlobals.key(module, name));
            if (entry instanceof Constant) {
                return ((Constant) entry).value;
            }
            if (entry == null) {
                throw new UnsafeCheckpointException(
                        file,
                        display,
                        "refusing to load global '" + display + "' (" + part + ", byte offset " + opStart
                                + "): it is not on the allow-list of plain-data types, and a pickle"
                                + " naming it could run code; nothing was executed");
            }
            return entry;
        }

        private Object call(Object callable, Object args, String opcode) throws IOException {
            if (!(callable instanceof Global)) {
                throw fail(opcode + " on " + Graphs.describe(callable) + ", not an allow-listed global", null);
            }
            if (!(args instanceof PyTuple)) {
                throw fail(opcode + " arguments are " + Graphs.describe(args) + ", not a tuple", null);
            }
            Global global = (Global) callable;
            try {
                return global.standIn.call((PyTuple) args);
            } catch (IllegalArgumentException
                    | IllegalStateException
                    | ClassCastException
                    | IndexOutOfBoundsException
                    | ArithmeticException e) {
                throw fail(global.displayName + ": " + e.getMessage(), e);
            }
        }

        private void build(Object target, Object state) throws CheckpointFormatException {
            if (target instanceof InertObject) {
                InertObject object = (InertObject) target;
                Object dictState = state;
                if (state instanceof PyTuple && ((PyTuple) state).size() == 2) {
                    dictState = ((PyTuple) state).get(0);
                    Object slots = ((PyTuple) state).get(1);
                    if (slots != null) {
                        putAttributes(object.mutableAttributes(), slots);
                    }
                }
                if (dictState instanceof Map) {
                    putAttributes(object.mutableAttributes(), dictState);
                } else if (dictState != null) {
                    object.setExtraState(state);
                }
            } else if (target instanceof AttributedMap) {
                putAttributes(((AttributedMap) target).attributes(), state);
            } else if (target instanceof NumpyDType) {
                ((NumpyDType) target).setState(state);
            } else {
                throw fail("BUILD on " + Graphs.describe(target) + " is not supported", null);
            }
        }

        private void putAttributes(Map<String, Object> attributes, Object state) throws CheckpointFormatException {
            if (!(state instanceof Map)) {
                throw fail("BUILD state is " + Graphs.describe(state) + ", not a dict", null);
            }
            for (Map.Entry<?, ?> e : ((Map<?, ?>) state).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw fail("attribute name is " + Graphs.describe(e.getKey()), null);
                }
                attributes.put((String) e.getKey(), e.getValue());
            }
        }

        private Object persistentLoad(Object pid) throws IOException {
            if (persistentLoader == null) {
                throw fail("persistent id " + Graphs.describe(pid) + " but no persistent loader is configured", null);
            }
            try {
                return persistentLoader.load(pid);
            } catch (IllegalArgumentException | ClassCastException e) {
                throw fail("persistent id " + Graphs.describe(pid) + ": " + e.getMessage(), e);
            }
        }

        // ---------------------------------------------------------------- raw reads

        private int u8() throws CheckpointFormatException {
            require(1, "argument");
            return in[pos++] & 0xff;
        }

        private int le(int n) throws CheckpointFormatException {
            require(n, "argument");
            int v = 0;
            for (int i = n - 1; i >= 0; i--) {
                v = (v << 8) | (in[pos + i] & 0xff);
            }
            pos += n;
            return v;
        }

        private long u64() throws CheckpointFormatException {
            require(8, "argument");
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (in[pos + i] & 0xff);
            }
            pos += 8;
            return v;
        }

        private long length4(String opcode) throws CheckpointFormatException {
            long n = le(4) & 0xffffffffL;
            if (opcode.equals("LONG4") && (n & 0x80000000L) != 0) {
                throw fail("negative LONG4 length", null);
            }
            return n;
        }

        private long length8(String opcode) throws CheckpointFormatException {
            long n = u64();
            if (n < 0) {
                throw truncated(opcode, n);
            }
            return n;
        }

        private byte[] bytes(long n, String opcode) throws CheckpointFormatException {
            if (n > in.length - pos) {
                throw truncated(opcode, n);
            }
            byte[] out = Arrays.copyOfRange(in, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }

        private void require(int n, String what) throws CheckpointFormatException {
            if (in.length - pos < n) {
                throw fail(
                        "truncated pickle: " + opName(in[opStart] & 0xff) + " " + what + " needs " + n + " bytes, "
                                + (in.length - pos) + " remain",
                        null);
            }
        }

        private CheckpointFormatException truncated(String opcode, long needed) {
            return fail(
                    "truncated pickle: " + opcode + " needs " + Long.toUnsignedString(needed) + " bytes, "
                            + (in.length - pos) + " remain",
                    null);
        }

        /** Reads up to and excluding the next newline, as raw bytes. */
        private byte[] line() throws CheckpointFormatException {
            int start = pos;
            while (pos < in.length && in[pos] != '\n') {
                pos++;
            }
            if (pos >= in.length) {
                throw fail("truncated pickle: " + opName(in[opStart] & 0xff) + " argument has no end of line", null);
            }
            byte[] line = Arrays.copyOfRange(in, start, pos);
            pos++;
            return line;
        }

        private String asciiLine(String opcode) throws CheckpointFormatException {
            byte[] raw = line();
            for (byte b : raw) {
                if (b < 0x20 || b > 0x7e) {
                    throw fail(opcode + " argument is not printable ASCII", null);
                }
            }
            return new String(raw, StandardCharsets.US_ASCII);
        }

        private String utf8(byte[] raw, String opcode) throws CheckpointFormatException {
            try {
                CharBuffer chars = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw));
                return chars.toString();
            } catch (CharacterCodingException e) {
                throw fail(opcode + " is not valid UTF-8", e);
            }
        }

        // ---------------------------------------------------------------- text arguments (protocol 0)

        private Object parseIntLine(byte[] raw) throws CheckpointFormatException {
            String text = new String(raw, StandardCharsets.US_ASCII).trim();
            if (text.equals("00")) {
                return Boolean.FALSE;
            }
            if (text.equals("01")) {
                return Boolean.TRUE;
            }
            return parseInteger(text, "INT");
        }

        private Object parseLongLine(byte[] raw) throws CheckpointFormatException {
            String text = new String(raw, StandardCharsets.US_ASCII).trim();
            if (text.endsWith("L")) {
                text = text.substring(0, text.length() - 1);
            }
            return parseInteger(text, "LONG");
        }

        private Object parseInteger(String text, String opcode) throws CheckpointFormatException {
            if (!text.matches("[+-]?[0-9]{1,4300}")) {
                throw fail(opcode + " argument '" + abbreviate(text) + "' is not an integer", null);
            }
            return normalise(new BigInteger(text));
        }

        private long parseMemoIndex(byte[] raw) throws CheckpointFormatException {
            String text = new String(raw, StandardCharsets.US_ASCII).trim();
            if (!text.matches("[0-9]{1,18}")) {
                throw fail("memo index '" + abbreviate(text) + "' is not a non-negative integer", null);
            }
            return Long.parseLong(text);
        }

        private double parseFloat(byte[] raw) throws CheckpointFormatException {
            String text = new String(raw, StandardCharsets.US_ASCII).trim();
            switch (text) {
                case "inf":
                    return Double.POSITIVE_INFINITY;
                case "-inf":
                    return Double.NEGATIVE_INFINITY;
                case "nan":
                    return Double.NaN;
                default:
                    if (!text.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
                        throw fail("FLOAT argument '" + abbreviate(text) + "' is not a number", null);
                    }
                    return Double.parseDouble(text);
            }
        }

        /** Decodes a Python 2 {@code repr} string literal, quotes included. */
        private byte[] unescapeStringLiteral(byte[] raw) throws CheckpointFormatException {
            int n = raw.length;
            if (n < 2 || raw[0] != raw[n - 1] || (raw[0] != '\'' && raw[0] != '"')) {
                throw fail("STRING argument is not a quoted literal", null);
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n);
            for (int i = 1; i < n - 1; i++) {
                int c = raw[i] & 0xff;
                if (c != '\\') {
                    out.write(c);
                    continue;
                }
                if (++i >= n - 1) {
                    throw fail("STRING literal ends with a backslash", null);
                }
                int e = raw[i] & 0xff;
                switch (e) {
                    case 'n':
                        out.write('\n');
                        break;
                    case 'r':
                        out.write('\r');
                        break;
                    case 't':
                        out.write('\t');
                        break;
                    case 'a':
                        out.write(7);
                        break;
                    case 'b':
                        out.write(8);
                        break;
                    case 'f':
                        out.write(12);
                        break;
                    case 'v':
                        out.write(11);
                        break;
                    case '\\':
                    case '\'':
                    case '"':
                        out.write(e);
                        break;
                    case '\n':
                        break;
                    case 'x': {
                        if (i + 2 >= n - 1 || !isHex(raw[i + 1]) || !isHex(raw[i + 2])) {
                            throw fail("bad \\x escape in STRING literal", null);
                        }
                        out.write(Integer.parseInt(new String(raw, i + 1, 2, StandardCharsets.US_ASCII), 16));
                        i += 2;
                        break;
                    }
                    default:
                        if (e >= '0' && e <= '7') {
                            int value = e - '0';
                            for (int k = 0; k < 2 && i + 1 < n - 1 && raw[i + 1] >= '0' && raw[i + 1] <= '7'; k++) {
                                value = value * 8 + (raw[++i] - '0');
                            }
                            out.write(value & 0xff);
                        } else {
                            out.write('\\');
                            out.write(e);
                        }
                }
            }
            return out.toByteArray();
        }

        /** Decodes Python's raw-unicode-escape: {@code \\uXXXX}, {@code \\UXXXXXXXX}, else latin1. */
        private String rawUnicodeEscape(byte[] raw) throws CheckpointFormatException {
            StringBuilder sb = new StringBuilder(raw.length);
            for (int i = 0; i < raw.length; i++) {
                int c = raw[i] & 0xff;
                if (c == '\\' && i + 1 < raw.length && (raw[i + 1] == 'u' || raw[i + 1] == 'U')) {
                    int digits = raw[i + 1] == 'u' ? 4 : 8;
                    if (i + 2 + digits > raw.length) {
                        throw fail("truncated \\u escape in UNICODE", null);
                    }
                    for (int k = 0; k < digits; k++) {
                        if (!isHex(raw[i + 2 + k])) {
                            throw fail("bad \\u escape in UNICODE", null);
                        }
                    }
                    long cp = Long.parseLong(new String(raw, i + 2, digits, StandardCharsets.US_ASCII), 16);
                    if (cp > Character.MAX_CODE_POINT) {
                        throw fail("code point out of range in UNICODE", null);
                    }
                    sb.appendCodePoint((int) cp);
                    i += 1 + digits;
                } else {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        // ---------------------------------------------------------------- errors

        private CheckpointFormatException fail(String problem, Throwable cause) {
            return new CheckpointFormatException(
                    file, problem + " (" + part + ", byte offset " + opStart + ")", opStart, cause);
        }

        private String describeUnsupported(int op) {
            switch (op) {
                case 'i':
                case 'o':
                    return "opcode " + opName(op) + " (old-style instance creation) is not supported";
                case 0x82:
                case 0x83:
                case 0x84:
                    return "extension-registry opcode " + opName(op) + " is not supported";
                case 0x97:
                case 0x98:
                    return "out-of-band buffer opcode " + opName(op) + " is not supported";
                default:
                    return "unknown pickle opcode " + opName(op);
            }
        }
    }

    // -------------------------------------------------------------------- static helpers

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** Decodes little-endian two's complement bytes (LONG1, LONG4). */
    static Object longFromBytes(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return normalise(new BigInteger(be));
    }

    private static Object normalise(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    static String opName(int op) {
        if (op >= 0x20 && op < 0x7f) {
            return "'" + (char) op + "' (0x" + Integer.toHexString(op) + ")";
        }
        return "0x" + Integer.toHexString(op);
    }
}
