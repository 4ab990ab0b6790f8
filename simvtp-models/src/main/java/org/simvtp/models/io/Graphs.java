package org.simvtp.models.io;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small helpers about unpickled object graphs: Python-style type names and hashability. */
final class Graphs {

    /** Deepest tuple nesting accepted in a dict key or set element. */
    static final int MAX_KEY_DEPTH = 64;

    private Graphs() {}

    /**
     * Describes a value briefly for error messages, without walking into containers.
     *
     * @param value any unpickled value
     * @return e.g. {@code "str 'abc'"}, {@code "list of 3"}, {@code "None"}
     */
    static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String) {
            String s = (String) value;
            return "str '" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return "int " + value;
        }
        if (value instanceof Double) {
            return "float " + value;
        }
        if (value instanceof Boolean) {
            return "bool " + value;
        }
        if (value instanceof byte[]) {
            return "bytes of length " + ((byte[]) value).length;
        }
        if (value instanceof PyTuple) {
            return "tuple of " + ((PyTuple) value).size();
        }
        if (value instanceof List) {
            return "list of " + ((List<?>) value).size();
        }
        if (value instanceof Map) {
            return "dict of " + ((Map<?, ?>) value).size();
        }
        if (value instanceof Set) {
            return "set of " + ((Set<?>) value).size();
        }
        return value.getClass().getSimpleName() + " " + value;
    }

    /**
     * Checks that a value may serve as a dict key or set element the way Python allows, which also
     * keeps Java's hashing of it finite.
     *
     * @param value the candidate key
     * @throws IllegalArgumentException for lists, dicts, sets and too deeply nested tuples
     */
    static void requireHashable(Object value) {
        requireHashable(value, 0);
    }

    private static void requireHashable(Object value, int depth) {
        if (depth > MAX_KEY_DEPTH) {
            throw new IllegalArgumentException("dict key nested deeper than " + MAX_KEY_DEPTH);
        }
        if (value instanceof PyTuple) {
            for (Object item : (PyTuple) value) {
                requireHashable(item, depth + 1);
            }
        } else if (value instanceof TensorRef || value instanceof TensorData) {
            throw new IllegalArgumentException("tensor used as dict key or set element is not supported");
        } else if (value instanceof List || value instanceof Map || value instanceof Set) {
            throw new IllegalArgumentException("unhashable " + describe(value) + " used as dict key or set element");
        }
    }
}
