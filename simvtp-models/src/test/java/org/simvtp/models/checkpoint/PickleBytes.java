package org.simvtp.models.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, for tests that need exact (often hostile) byte streams. */
final class PickleBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBytes proto(int version) {
        return op(0x80).raw(version);
    }

    PickleBytes op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    PickleBytes text(String ascii) {
        out.writeBytes(ascii.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    PickleBytes u32(long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    PickleBytes u64(long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    /** GLOBAL 'module name'. */
    PickleBytes global(String module, String name) {
        return op('c').text(module + "\n" + name + "\n");
    }

    /** BINUNICODE. */
    PickleBytes str(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        op('X').u32(utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    /** BININT1, BININT2, BININT or LONG1 as fits. */
    PickleBytes integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').raw((int) v);
        }
        if (v >= 0 && v < 65536) {
            return op('M').raw((int) (v & 0xff), (int) (v >>> 8));
        }
        if (v == (int) v) {
            return op('J').u32(v);
        }
        return op(0x8a).raw(8).u64(v); // LONG1
    }

    /** MARK, the integers, TUPLE. */
    PickleBytes intTuple(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return op('t');
    }

    PickleBytes mark() {
        return op('(');
    }

    PickleBytes tuple() {
        return op('t');
    }

    PickleBytes emptyTuple() {
        return op(')');
    }

    PickleBytes emptyDict() {
        return op('}');
    }

    PickleBytes emptyList() {
        return op(']');
    }

    PickleBytes reduce() {
        return op('R');
    }

    PickleBytes setItem() {
        return op('s');
    }

    PickleBytes stop() {
        return op('.');
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /**
     * A protocol-2 pickle of {@code {name: tensor, ...}} in the torch.save layout: each tensor is
     * {@code _rebuild_tensor_v2(persistent(('storage', torch.<type>, key, 'cpu', numel)), offset, size, stride, False, OrderedDict())}.
     */
    static PickleBytes torchStateDict(
            String[] names,
            String[] storageTypes,
            String[] keys,
            long[] numels,
            long[] offsets,
            long[][] sizes,
            long[][] strides) {
        PickleBytes p = new PickleBytes().proto(2).emptyDict().mark();
        for (int i = 0; i < names.length; i++) {
            p.str(names[i]);
            p.global("torch._utils", "_rebuild_tensor_v2");
            p.mark();
            p.mark()
                    .str("storage")
                    .global("torch", storageTypes[i])
                    .str(keys[i])
                    .str("cpu")
                    .integer(numels[i])
                    .tuple();
            p.op('Q'); // BINPERSID
            p.integer(offsets[i]).intTuple(sizes[i]).intTuple(strides[i]).op(0x89);
            p.global("collections", "OrderedDict").emptyTuple().reduce();
            p.tuple().reduce();
        }
        return p.op('u').stop();
    }
}
