package org.simvtp.models.checkpoint;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/** An immutable Python tuple as seen by users; only materialisation may swap an element. */
final class PyTuple extends AbstractList<Object> implements RandomAccess {

    static final PyTuple EMPTY = new PyTuple(new Object[0]);

    private final Object[] items;

    private PyTuple(Object[] items) {
        this.items = items;
    }

    static PyTuple of(Object... items) {
        return items.length == 0 ? EMPTY : new PyTuple(items.clone());
    }

    static PyTuple copyOf(List<Object> items) {
        return items.isEmpty() ? EMPTY : new PyTuple(items.toArray());
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    /** Replaces an element during materialisation of lazily read tensors. */
    void replace(int index, Object value) {
        items[index] = value;
    }
}
