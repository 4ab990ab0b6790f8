package org.simvtp.models.search;

import java.util.Objects;

/**
 * One search result: the key of a stored row and the cosine similarity of its vector to the query.
 *
 * @param key the row's key
 * @param score cosine similarity in [-1, 1] (the dot product of the unit vectors)
 */
public record VectorHit(String key, float score) {

    /**
     * Checks the key.
     *
     * @param key the row's key
     * @param score cosine similarity
     */
    public VectorHit {
        Objects.requireNonNull(key, "key");
    }
}
