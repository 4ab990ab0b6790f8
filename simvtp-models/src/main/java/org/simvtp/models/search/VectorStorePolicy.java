package org.simvtp.models.search;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Chooses the store for an index by its number of rows: exact {@link FlatVectorStore} below {@link
 * Builder#optFlatLimit the flat limit} (default {@value #DEFAULT_FLAT_LIMIT}), where a full scan is fast and
 * exact, and {@link HnswVectorStore} in {@code <indexDir>/}{@value #HNSW_FOLDER} from there on.
 *
 * <p>A flat store starts empty and the caller fills it from its own embeddings; an HNSW store keeps its rows
 * between runs, so the caller compares {@link VectorStore#size()} with its own row count and refills the store if
 * they differ (e.g. after a crash between writing the embeddings and committing the store).
 *
 * <pre>{@code
 * VectorStorePolicy policy = VectorStorePolicy.builder()
 *         .optFlatLimit(10_000)
 *         .optHnsw(HnswVectorStore.builder().optNumCandidates(200))
 *         .build();
 * try (VectorStore store = policy.open(indexDir, 768, rows)) {   // HNSW once rows >= 10,000
 *     List<VectorHit> hits = store.search(query, 10);
 * }
 * }</pre>
 */
public final class VectorStorePolicy {

    /** Default row count from which HNSW is used. */
    public static final int DEFAULT_FLAT_LIMIT = 10_000;
    /** Sub-folder of the index folder that holds the HNSW store. */
    public static final String HNSW_FOLDER = "hnsw";

    private final int flatLimit;
    private final HnswVectorStore.Builder hnsw;

    private VectorStorePolicy(Builder b) {
        this.flatLimit = b.flatLimit;
        this.hnsw = b.hnsw.copy();
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The row count from which HNSW is used.
     *
     * @return the flat limit
     */
    public int flatLimit() {
        return flatLimit;
    }

    /**
     * Whether an index of {@code rows} rows uses HNSW.
     *
     * @param rows the number of rows
     * @return true from the flat limit on
     */
    public boolean usesHnsw(int rows) {
        return rows >= flatLimit;
    }

    /**
     * Opens the store for an index of about {@code rows} rows.
     *
     * @param indexDir the index folder; HNSW lives in its sub-folder {@value #HNSW_FOLDER}
     * @param dimension the vectors' dimension
     * @param rows the number of rows the index holds or is about to hold
     * @return an empty {@link FlatVectorStore}, or the {@link HnswVectorStore} of {@code indexDir}
     * @throws IOException naming the folder if the HNSW store cannot be opened
     */
    public VectorStore open(Path indexDir, int dimension, int rows) throws IOException {
        if (!usesHnsw(rows)) {
            return new FlatVectorStore(dimension);
        }
        return hnsw.copy()
                .setFolder(indexDir.resolve(HNSW_FOLDER))
                .setDimension(dimension)
                .build();
    }

    /** Settings of a {@link VectorStorePolicy}. */
    public static final class Builder {

        private int flatLimit = DEFAULT_FLAT_LIMIT;
        private HnswVectorStore.Builder hnsw = HnswVectorStore.builder();

        private Builder() {}

        /**
         * The row count from which HNSW is used (default {@value VectorStorePolicy#DEFAULT_FLAT_LIMIT}); 0 always uses HNSW.
         *
         * @param flatLimit the limit (not negative)
         * @return this builder
         */
        public Builder optFlatLimit(int flatLimit) {
            if (flatLimit < 0) {
                throw new IllegalArgumentException("flatLimit must not be negative, got " + flatLimit);
            }
            this.flatLimit = flatLimit;
            return this;
        }

        /**
         * HNSW settings (M, beam width, candidates, buffer); its folder and dimension are set by {@link
         * VectorStorePolicy#open}. Copied: later changes to {@code hnsw} do not reach the policy.
         *
         * @param hnsw the settings
         * @return this builder
         */
        public Builder optHnsw(HnswVectorStore.Builder hnsw) {
            this.hnsw = hnsw.copy();
            return this;
        }

        /**
         * The policy.
         *
         * @return the immutable policy
         */
        public VectorStorePolicy build() {
            return new VectorStorePolicy(this);
        }
    }
}
