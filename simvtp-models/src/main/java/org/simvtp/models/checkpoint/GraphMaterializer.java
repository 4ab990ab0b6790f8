package org.simvtp.models.checkpoint;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces the {@link TensorRef} placeholders of an unpickled graph by tensors, in place.
 *
 * <p>The walk is iterative (no recursion, whatever the nesting depth), visits each container once
 * (cycles and shared objects are fine) and reads each placeholder once.
 */
final class GraphMaterializer {

    /** Reads the bytes of one placeholder. */
    @FunctionalInterface
    interface TensorReader {
        TensorData read(TensorRef ref, String name) throws IOException;
    }

    private final TensorReader reader;
    private final IdentityHashMap<TensorRef, TensorData> done = new IdentityHashMap<>();
    private final Set<Object> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Deque<Object> work = new ArrayDeque<>();

    GraphMaterializer(TensorReader reader) {
        this.reader = reader;
    }

    /**
     * Materialises every placeholder reachable from a root.
     *
     * @param root the graph (or a single placeholder)
     * @return the root, or its tensor if the root itself was a placeholder
     */
    Object materialize(Object root) throws IOException {
        Object result = visit(root, "");
        while (!work.isEmpty()) {
            Object container = work.pop();
            if (container instanceof PyTuple) {
                PyTuple tuple = (PyTuple) container;
                for (int i = 0; i < tuple.size(); i++) {
                    tuple.replace(i, visit(tuple.get(i), ""));
                }
            } else if (container instanceof List) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) container;
                for (int i = 0; i < list.size(); i++) {
                    list.set(i, visit(list.get(i), ""));
                }
            } else if (container instanceof Map) {
                for (Map.Entry<?, Object> e : castMap(container).entrySet()) {
                    e.setValue(visit(e.getValue(), e.getKey() instanceof String ? (String) e.getKey() : ""));
                }
                if (container instanceof AttributedMap) {
                    visitAttributes(((AttributedMap) container).attributes());
                }
            } else if (container instanceof InertObject) {
                InertObject object = (InertObject) container;
                visit(object.rawArgs(), "");
                visitAttributes(object.mutableAttributes());
                object.setExtraState(visit(object.extraState(), ""));
            }
            // sets hold only hashable values, which never include tensors
        }
        return result;
    }

    private void visitAttributes(Map<String, Object> attributes) throws IOException {
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            e.setValue(visit(e.getValue(), e.getKey()));
        }
    }

    private Object visit(Object value, String name) throws IOException {
        if (value instanceof TensorRef) {
            TensorRef ref = (TensorRef) value;
            TensorData tensor = done.get(ref);
            if (tensor == null) {
                tensor = reader.read(ref, name);
                done.put(ref, tensor);
            }
            return tensor;
        }
        if ((value instanceof List || value instanceof Map || value instanceof InertObject) && visited.add(value)) {
            work.push(value);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<?, Object> castMap(Object map) {
        return (Map<?, Object>) map;
    }
}
