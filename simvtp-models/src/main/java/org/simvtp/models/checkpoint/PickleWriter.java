package org.simvtp.models.checkpoint;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a pickle (protocol 2) of a small, fixed vocabulary of values, byte for byte as CPython's
 * pickler does for the same Python objects: memoised with {@code BINPUT}, dict items in batches of
 * 1000 ({@code SETITEM}/{@code SETITEMS}), tuples of up to three items with {@code TUPLE1..3}.
 *
 * <p>Java values stand for Python values: {@code null} → None, {@link Boolean} → bool,
 * {@link Long}/{@link Integer} → int, {@link Double} → float, {@link String} → str, {@link List} →
 * tuple, {@link Map} → dict, plus {@link Global}, {@link Reduce} and {@link PersistentId}.
 * Equal strings and equal globals are written once and fetched from the memo afterwards (CPython
 * does the same for the interned strings and classes that {@code torch.save} pickles).
 *
 * <pre>{@code
 * byte[] pickle = PickleWriter.dump(Map.of("epoch", 7L));
 * }</pre>
 */
final class PickleWriter {

    /** Items per {@code SETITEMS} batch, as in CPython. */
    static final int BATCH_SIZE = 1000;

    /** A module-level Python name such as {@code collections.OrderedDict}. */
    static final class Global {
        final String module;
        final String name;

        Global(String module, String name) {
            this.module = Objects.requireNonNull(module, "module");
            this.name = Objects.requireNonNull(name, "name");
        }
    }

    /**
     * {@code callable(*args)}, then the dict items set on the result: what {@code __reduce__}
     * produces for an {@code OrderedDict} or a tensor.
     */
    static final class Reduce {
        final Global callable;
        final List<?> args;
        final Map<?, ?> dictItems;

        Reduce(Global callable, List<?> args, Map<?, ?> dictItems) {
            this.callable = callable;
            this.args = args;
            this.dictItems = dictItems;
        }
    }

    /** A value pickled by reference ({@code BINPERSID}): the id tuple is written, not the value. */
    static final class PersistentId {
        final List<?> id;

        PersistentId(List<?> id) {
            this.id = id;
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> memo = new HashMap<>();
    private int memoSize;

    private PickleWriter() {}

    /**
     * Pickles one value with protocol 2.
     *
     * @param value the value (see the class comment for what may appear in it)
     * @return the pickle, {@code STOP} included
     * @throws IllegalArgumentException for values outside the vocabulary
     */
    static byte[] dump(Object value) {
        PickleWriter writer = new PickleWriter();
        writer.out.write(0x80); // PROTO
        writer.out.write(2);
        writer.save(value);
        writer.out.write('.'); // STOP
        return writer.out.toByteArray();
    }

    private void save(Object value) {
        if (value == null) {
            out.write('N');
        } else if (value instanceof Boolean) {
            out.write((Boolean) value ? 0x88 : 0x89); // NEWTRUE, NEWFALSE
        } else if (value instanceof Long || value instanceof Integer) {
            saveInt(((Number) value).longValue());
        } else if (value instanceof Double) {
            out.write('G'); // BINFLOAT, big-endian
            long bits = Double.doubleToRawLongBits((Double) value);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >>> (8 * i)));
            }
        } else if (value instanceof String) {
            saveString((String) value);
        } else if (value instanceof Global) {
            saveGlobal((Global) value);
        } else if (value instanceof List) {
            saveTuple((List<?>) value);
        } else if (value instanceof Map) {
            out.write('}'); // EMPTY_DICT
            memoize(null);
            saveItems((Map<?, ?>) value);
        } else if (value instanceof Reduce) {
            Reduce reduce = (Reduce) value;
            saveGlobal(reduce.callable);
            saveTuple(reduce.args);
            out.write('R'); // REDUCE
            memoize(null);
            if (reduce.dictItems != null) {
                saveItems(reduce.dictItems);
            }
        } else if (value instanceof PersistentId) {
            saveTuple(((PersistentId) value).id);
            out.write('Q'); // BINPERSID
        } else {
            throw new IllegalArgumentException("cannot pickle "
                    + value.getClass().getName() + "; supported: None, bool, int, float, str and tuples/dicts of them");
        }
    }

    private void saveInt(long v) {
        if (v >= 0 && v <= 0xff) {
            out.write('K'); // BININT1
            out.write((int) v);
        } else if (v >= 0 && v <= 0xffff) {
            out.write('M'); // BININT2
            writeLittleEndian(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J'); // BININT
            writeLittleEndian(v, 4);
        } else {
            byte[] bigEndian = BigInteger.valueOf(v).toByteArray(); // minimal two's complement
            out.write(0x8a); // LONG1
            out.write(bigEndian.length);
            for (int i = bigEndian.length - 1; i >= 0; i--) {
                out.write(bigEndian[i]);
            }
        }
    }

    private void saveString(String s) {
        if (fetch("s" + s)) {
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.write('X'); // BINUNICODE
        writeLittleEndian(utf8.length, 4);
        out.writeBytes(utf8);
        memoize("s" + s);
    }

    private void saveGlobal(Global global) {
        String key = "g" + global.module + '\n' + global.name;
        if (fetch(key)) {
            return;
        }
        out.write('c'); // GLOBAL
        out.writeBytes((global.module + '\n' + global.name + '\n').getBytes(StandardCharsets.US_ASCII));
        memoize(key);
    }

    private void saveTuple(List<?> items) {
        int n = items.size();
        if (n == 0) {
            out.write(')'); // EMPTY_TUPLE
            return;
        }
        if (n <= 3) {
            items.forEach(this::save);
            out.write(0x84 + n); // TUPLE1, TUPLE2, TUPLE3
        } else {
            out.write('('); // MARK
            items.forEach(this::save);
            out.write('t'); // TUPLE
        }
        memoize(null);
    }

    private void saveItems(Map<?, ?> items) {
        List<Map.Entry<?, ?>> batch = new ArrayList<>(Math.min(items.size(), BATCH_SIZE));
        for (Map.Entry<?, ?> e : items.entrySet()) {
            batch.add(e);
            if (batch.size() == BATCH_SIZE) {
                flushBatch(batch);
            }
        }
        flushBatch(batch);
    }

    private void flushBatch(List<Map.Entry<?, ?>> batch) {
        if (batch.size() == 1) {
            save(batch.get(0).getKey());
            save(batch.get(0).getValue());
            out.write('s'); // SETITEM
        } else if (batch.size() > 1) {
            out.write('('); // MARK
            for (Map.Entry<?, ?> e : batch) {
                save(e.getKey());
                save(e.getValue());
            }
            out.write('u'); // SETITEMS
        }
        batch.clear();
    }

    /** Writes a memo fetch if {@code key} was memoised. */
    private boolean fetch(String key) {
        Integer index = memo.get(key);
        if (index == null) {
            return false;
        }
        if (index < 256) {
            out.write('h'); // BINGET
            out.write(index);
        } else {
            out.write('j'); // LONG_BINGET
            writeLittleEndian(index, 4);
        }
        return true;
    }

    /** Stores the top of the stack in the next memo slot; {@code key} finds it again (null: never). */
    private void memoize(String key) {
        int index = memoSize++;
        if (key != null) {
            memo.put(key, index);
        }
        if (index < 256) {
            out.write('q'); // BINPUT
            out.write(index);
        } else {
            out.write('r'); // LONG_BINPUT
            writeLittleEndian(index, 4);
        }
    }

    private void writeLittleEndian(long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
