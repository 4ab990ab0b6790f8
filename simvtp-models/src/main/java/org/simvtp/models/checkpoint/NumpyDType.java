package org.simvtp.models.checkpoint;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * An inert {@code numpy.dtype} for simple numeric scalars, enough to decode the
 * {@code numpy.core.multiarray.scalar} values that training scripts sometimes pickle.
 */
final class NumpyDType {

    private final String code;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    NumpyDType(String code) {
        if (!isSupported(code)) {
            throw new IllegalArgumentException("numpy dtype '" + code + "' is not a supported numeric scalar type");
        }
        this.code = code;
    }

    private static boolean isSupported(String code) {
        switch (code) {
            case "f8":
            case "f4":
            case "f2":
            case "i8":
            case "i4":
            case "i2":
            case "i1":
            case "u8":
            case "u4":
            case "u2":
            case "u1":
            case "b1":
                return true;
            default:
                return false;
        }
    }

    /** Applies the pickled state {@code (version, byteorder, ...)}. */
    void setState(Object state) {
        if (!(state instanceof List) || ((List<?>) state).size() < 2) {
            throw new IllegalArgumentException("unexpected numpy dtype state " + Graphs.describe(state));
        }
        Object byteOrder = ((List<?>) state).get(1);
        if (">".equals(byteOrder)) {
            order = ByteOrder.BIG_ENDIAN;
        } else if ("<".equals(byteOrder) || "|".equals(byteOrder) || "=".equals(byteOrder)) {
            order = ByteOrder.LITTLE_ENDIAN; // '=' is native; every producer we support is little-endian
        } else {
            throw new IllegalArgumentException("unexpected numpy byte order " + Graphs.describe(byteOrder));
        }
    }

    int size() {
        return Integer.parseInt(code.substring(1));
    }

    /** Decodes a scalar of this type: Double, Long (BigInteger for large u8) or Boolean. */
    Object decode(byte[] bytes) {
        if (bytes.length != size()) {
            throw new IllegalArgumentException(
                    "numpy scalar of dtype " + code + " needs " + size() + " bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        switch (code) {
            case "f8":
                return b.getDouble();
            case "f4":
                return (double) b.getFloat();
            case "f2":
                return (double) HalfFloats.halfToFloat(b.getShort());
            case "i8":
                return b.getLong();
            case "i4":
                return (long) b.getInt();
            case "i2":
                return (long) b.getShort();
            case "i1":
                return (long) b.get();
            case "u8":
                long v = b.getLong();
                return v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
            case "u4":
                return b.getInt() & 0xffffffffL;
            case "u2":
                return (long) (b.getShort() & 0xffff);
            case "u1":
                return (long) (b.get() & 0xff);
            default: // b1
                return b.get() != 0;
        }
    }

    @Override
    public String toString() {
        return "numpy.dtype(" + code + ")";
    }
}
