package org.simvtp.models.search;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Rows of one fixed dimension, each a string key and a vector, searched by cosine similarity.
 *
 * <p>Vectors are normalised to unit length when they are stored and queried, so a hit's {@link VectorHit#score()}
 * is the cosine similarity (the dot product of unit vectors). A zero or non-finite vector, or one of another
 * dimension, is rejected with an {@link IllegalArgumentException}. Keys are free-form; a natural scheme for
 * windows of a file is {@code "relative/path.mp4#12.000"}, so that {@link #deletePrefix(String)
 * deletePrefix("relative/path.mp4#")} drops all windows of one file.
 *
 * <p>Changes are visible to {@link #search} and {@link #size} at once; {@link #commit()} makes them durable where
 * the store persists (see the implementation), and {@link #close()} commits. The implementations are thread-safe,
 * except that {@code close()} must not run concurrently with other calls.
 *
 * <pre>{@code
 * try (VectorStore store = VectorStorePolicy.builder().build().open(indexDir, 768, rows)) {
 *     store.put("clips/dog.mp4#0.000", embedding);
 *     store.deletePrefix("clips/cat.mp4#");
 *     for (VectorHit hit : store.search(query, 10)) {
 *         System.out.println(hit.key() + " " + hit.score());
 *     }
 * }
 * }</pre>
 */
public interface VectorStore extends Closeable {

    /**
     * The dimension of every vector.
     *
     * @return the dimension
     */
    int dimension();

    /**
     * Adds a row, or replaces the row with the same key.
     *
     * @param key the row's key
     * @param vector its vector (any non-zero length; stored normalised; the array is not kept)
     * @throws IOException if the store cannot be written
     */
    void put(String key, float[] vector) throws IOException;

    /**
     * Deletes the row with this key, if there is one.
     *
     * @param key the key
     * @throws IOException if the store cannot be written
     */
    void delete(String key) throws IOException;

    /**
     * Deletes every row whose key starts with {@code prefix}.
     *
     * @param prefix a non-empty key prefix
     * @throws IOException if the store cannot be written
     */
    void deletePrefix(String prefix) throws IOException;

    /**
     * The rows most similar to {@code query}, best first.
     *
     * @param query the query vector (any non-zero length)
     * @param k at most this many hits (positive)
     * @return up to {@code k} hits in decreasing score (ties by key), fewer if the store holds fewer rows
     * @throws IOException if the store cannot be read
     */
    List<VectorHit> search(float[] query, int k) throws IOException;

    /**
     * The number of rows.
     *
     * @return the row count
     * @throws IOException if the store cannot be read
     */
    int size() throws IOException;

    /**
     * Makes the changes so far durable; does nothing in a store that does not persist.
     *
     * @throws IOException if the store cannot be written
     */
    void commit() throws IOException;
}
