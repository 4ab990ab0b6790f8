package org.simvtp.models.search;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact search in memory: every query is compared with every row. The recall reference for {@link HnswVectorStore}
 * and the right choice for small indexes ({@link VectorStorePolicy#DEFAULT_FLAT_LIMIT} rows). Nothing is persisted: {@link #commit()} and {@link #close()} do nothing, and the owner fills a new store from its own
 * embeddings. Rows live in one growable {@code float[]} ({@code 4·dimension} bytes a row); deleting a row moves the
 * last row into its place. Thread-safe: every method is {@code synchronized}, so searches run one at a time.
 *
 * <pre>{@code
 * FlatVectorStore exact = new FlatVectorStore(64);
 * exact.put("a", unitVector);
 * List<VectorHit> top10 = exact.search(query, 10);
 * }</pre>
 */
public final class FlatVectorStore implements VectorStore {

    private final int dimension;
    /** Key → row, sorted so that a prefix is one contiguous range. */
    private final TreeMap<String, Integer> rows = new TreeMap<>();
    /** Row → key. */
    private String[] keys = new String[16];
    /** Row-major unit vectors, {@code dimension} floats a row. */
    private float[] vectors;

    private int size;

    /**
     * An empty store.
     *
     * @param dimension the dimension of every vector (positive)
     */
    public FlatVectorStore(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        this.dimension = dimension;
        this.vectors = new float[16 * dimension];
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public synchronized void put(String key, float[] vector) {
        UnitVectors.checkKey(key);
        float[] unit = UnitVectors.normalised("the vector of row " + key, vector, dimension);
        Integer row = rows.get(key);
        if (row == null) {
            grow();
            row = size++;
            rows.put(key, row);
            keys[row] = key;
        }
        System.arraycopy(unit, 0, vectors, row * dimension, dimension);
    }

    @Override
    public synchronized void delete(String key) {
        UnitVectors.checkKey(key);
        Integer row = rows.remove(key);
        if (row != null) {
            removeRow(row);
        }
    }

    @Override
    public synchronized void deletePrefix(String prefix) {
        UnitVectors.checkPrefix(prefix);
        Iterator<Map.Entry<String, Integer>> it =
                rows.tailMap(prefix, true).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Integer> e = it.next();
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            it.remove();
            removeRow(e.getValue());
        }
    }

    @Override
    public synchronized List<VectorHit> search(float[] query, int k) {
        UnitVectors.checkK(k);
        float[] q = UnitVectors.normalised("the query vector", query, dimension);
        TopHits top = new TopHits(k);
        for (int row = 0; row < size; row++) {
            float score = UnitVectors.dot(vectors, row * dimension, q);
            if (score >= top.threshold()) {
                top.offer(keys[row], score);
            }
        }
        return top.toList();
    }

    @Override
    public synchronized int size() {
        return size;
    }

    /** Nothing to do: the store is not persisted. */
    @Override
    public void commit() {}

    /** Nothing to do: the store holds heap memory only. */
    @Override
    public void close() {}

    private void grow() {
        if (size == keys.length) {
            int capacity = Math.max(16, keys.length + (keys.length >> 1));
            if ((long) capacity * dimension > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a flat store of dimension " + dimension + " holds at most "
                        + (Integer.MAX_VALUE - 8) / dimension + " rows; use an HnswVectorStore");
            }
            keys = Arrays.copyOf(keys, capacity);
            vectors = Arrays.copyOf(vectors, capacity * dimension);
        }
    }

    /** Fills the hole of a removed row with the last row; {@code rows} no longer maps to {@code row}. */
    private void removeRow(int row) {
        int last = --size;
        if (row != last) {
            String moved = keys[last];
            keys[row] = moved;
            rows.put(moved, row);
            System.arraycopy(vectors, last * dimension, vectors, row * dimension, dimension);
        }
        keys[last] = null;
    }
}
