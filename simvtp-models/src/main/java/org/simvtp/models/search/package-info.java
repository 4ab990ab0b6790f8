/**
 * Nearest-neighbour search over L2-normalised embeddings keyed by strings: the {@link
 * org.simvtp.models.search.VectorStore} contract, the exact in-memory {@link
 * org.simvtp.models.search.FlatVectorStore} (small indexes and the recall reference), the approximate, persistent
 * {@link org.simvtp.models.search.HnswVectorStore} (Lucene HNSW graphs) and the {@link
 * org.simvtp.models.search.VectorStorePolicy} that picks one by size.
 */
package org.simvtp.models.search;
