package org.simvtp.models.checkpoint;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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
     * Measures the longest chain of nested containers below a root, without recursion, in time
     * linear in the size of the graph. Shared containers are measured once; a reference back to a
     * container on the current chain (a cycle) counts as a leaf.
     *
     * <pre>{@code
     * Graphs.nestingDepth(List.of(List.of(1)), 1000); // 2
     * }</pre>
     *
     * @param root an unpickled value
     * @param limit the largest depth of interest
     * @return the depth (0 for a scalar, 1 for a flat container), or {@code limit + 1} as soon as
     *     the depth is known to exceed {@code limit}
     */
    static int nestingDepth(Object root, int limit) {
        if (children(root) == null) {
            return 0;
        }
        IdentityHashMap<Object, Integer> done = new IdentityHashMap<>();
        Set<Object> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Frame> path = new ArrayDeque<>();
        path.push(new Frame(root, children(root)));
        onPath.add(root);
        while (!path.isEmpty()) {
            Frame frame = path.peek();
            if (frame.children.hasNext()) {
                Object child = frame.children.next();
                Iterator<?> grandChildren = children(child);
                if (grandChildren == null || onPath.contains(child)) {
                    continue;
                }
                Integer known = done.get(child);
                if (known != null) {
                    frame.height = Math.max(frame.height, known + 1);
                } else if (path.size() >= limit) {
                    return limit + 1;
                } else {
                    path.push(new Frame(child, grandChildren));
                    onPath.add(child);
                }
            } else {
                path.pop();
                onPath.remove(frame.node);
                done.put(frame.node, frame.height);
                if (frame.height > limit) {
                    return limit + 1;
                }
                if (!path.isEmpty()) {
                    path.peek().height = Math.max(path.peek().height, frame.height + 1);
                }
            }
        }
        return done.get(root);
    }

    /** A container on the current chain of {@link #nestingDepth}: the rest of its children. */
    private static final class Frame {
        final Object node;
        final Iterator<?> children;
        int height = 1;

        Frame(Object node, Iterator<?> children) {
            this.node = node;
            this.children = children;
        }
    }

    /** The values a container holds, or {@code null} for a leaf. */
    private static Iterator<?> children(Object value) {
        if (value instanceof List || value instanceof Set) {
            return ((java.util.Collection<?>) value).iterator();
        }
        if (value instanceof AttributedMap) {
            AttributedMap map = (AttributedMap) value;
            return Stream.of(map.keySet().stream(), map.values().stream(), map.attributes().values().stream())
                    .flatMap(s -> s)
                    .iterator();
        }
        if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            return Stream.concat(map.keySet().stream(), map.values().stream()).iterator();
        }
        if (value instanceof InertObject) {
            InertObject object = (InertObject) value;
            return Stream.of(
                            object.rawArgs().stream(),
                            object.mutableAttributes().values().stream(),
                            Stream.of(object.extraState()))
                    .flatMap(s -> s)
                    .iterator();
        }
        return null;
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
