package org.simvtp.models.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * Approximate search through HNSW graphs (Apache Lucene's {@code KnnFloatVectorField}, dot-product similarity on
 * unit vectors), persisted in a folder of its own and updated incrementally.
 *
 * <p>Each row is one Lucene document: the key (indexed and stored) and the unit vector. {@link #put} replaces by
 * key, {@link #delete} and {@link #deletePrefix} delete by term and prefix; Lucene flushes its buffer into
 * segments, each with its own graph, and merges segments in the background. A search walks every segment's graph
 * with a beam of {@link Builder#optNumCandidates numCandidates} (HNSW's {@code efSearch}) and keeps the best
 * {@code k}; Lucene's dot-product score {@code (1 + cos) / 2} is turned back into the cosine. Opening a folder that
 * Lucene cannot read (a truncated or garbled file) fails with an {@link IOException} naming the folder; so does a
 * folder already open in another store (Lucene's write lock) or one built for another dimension.
 *
 * <p>Thread-safe: writes and searches may run concurrently from any number of threads (Lucene's {@code
 * IndexWriter} and {@code SearcherManager}); a search sees every change made before it started. {@link #close()}
 * commits and must not run concurrently with other calls.
 *
 * <pre>{@code
 * try (HnswVectorStore store = HnswVectorStore.builder()
 *         .setFolder(indexDir.resolve("hnsw"))
 *         .setDimension(768)
 *         .optNumCandidates(200)          // efSearch: recall against latency
 *         .build()) {
 *     store.put("clips/dog.mp4#12.000", embedding);
 *     List<VectorHit> hits = store.search(query, 10);
 *     store.commit();                     // durable now; close() commits too
 * }
 * }</pre>
 */
public final class HnswVectorStore implements VectorStore {

    /** Field holding the row key. */
    static final String KEY_FIELD = "key";
    /** Field holding the unit vector. */
    static final String VECTOR_FIELD = "vector";

    private final Path folder;
    private final int dimension;
    private final int numCandidates;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    private HnswVectorStore(Builder b, Directory directory, IndexWriter writer, SearcherManager searchers) {
        this.folder = b.folder;
        this.dimension = b.dimension;
        this.numCandidates = b.numCandidates;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
    }

    /**
     * A builder; {@link Builder#setFolder} and {@link Builder#setDimension} are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The folder of the Lucene index.
     *
     * @return the folder
     */
    public Path folder() {
        return folder;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void put(String key, float[] vector) throws IOException {
        UnitVectors.checkKey(key);
        float[] unit = UnitVectors.normalised("the vector of row " + key, vector, dimension);
        Document doc = new Document();
        doc.add(new StringField(KEY_FIELD, key, Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR_FIELD, unit, VectorSimilarityFunction.DOT_PRODUCT));
        writer.updateDocument(new Term(KEY_FIELD, key), doc);
    }

    @Override
    public void delete(String key) throws IOException {
        UnitVectors.checkKey(key);
        writer.deleteDocuments(new Term(KEY_FIELD, key));
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        UnitVectors.checkPrefix(prefix);
        writer.deleteDocuments(new PrefixQuery(new Term(KEY_FIELD, prefix)));
    }

    @Override
    public List<VectorHit> search(float[] query, int k) throws IOException {
        UnitVectors.checkK(k);
        float[] q = UnitVectors.normalised("the query vector", query, dimension);
        searchers.maybeRefreshBlocking();
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR_FIELD, q, Math.max(k, numCandidates)), k);
            StoredFields stored = searcher.storedFields();
            List<VectorHit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                hits.add(new VectorHit(stored.document(sd.doc).get(KEY_FIELD), cosine(sd.score)));
            }
            hits.sort(TopHits.BEST_FIRST);
            return hits;
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public int size() throws IOException {
        searchers.maybeRefreshBlocking();
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public void commit() throws IOException {
        writer.commit();
    }

    /** Commits and releases the folder. */
    @Override
    public void close() throws IOException {
        try (directory;
                writer;
                searchers) {
            writer.commit();
        }
    }

    /** Lucene's {@code DOT_PRODUCT} score {@code max((1 + dot) / 2, 0)} back to the dot product (the cosine). */
    static float cosine(float luceneScore) {
        return 2 * luceneScore - 1;
    }

    /** Settings of an {@link HnswVectorStore}; {@link #build()} opens (or creates) the folder. */
    public static final class Builder {

        private Path folder;
        private int dimension;
        private int maxConnections = Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN;
        private int beamWidth = Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH;
        private int numCandidates = 100;
        private double ramBufferMb = 64;

        private Builder() {}

        /**
         * The folder of the Lucene index (required); created if missing. Use a folder of its own, e.g. {@code
         * <indexDir>/hnsw}.
         *
         * @param folder the folder
         * @return this builder
         */
        public Builder setFolder(Path folder) {
            this.folder = folder;
            return this;
        }

        /**
         * The dimension of every vector (required; at most 1024, Lucene's limit).
         *
         * @param dimension the dimension
         * @return this builder
         */
        public Builder setDimension(int dimension) {
            this.dimension = dimension;
            return this;
        }

        /**
         * HNSW's {@code M}: neighbours per node and graph layer (default 16). More costs memory and build time and
         * raises recall. Applies to segments written from now on.
         *
         * @param maxConnections the number of connections, 1 to 512
         * @return this builder
         */
        public Builder optMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * HNSW's {@code efConstruction}: the beam searched for a new node's neighbours (default 100). More costs
         * build time and raises recall. Applies to segments written from now on.
         *
         * @param beamWidth the beam width, 1 to 3200
         * @return this builder
         */
        public Builder optBeamWidth(int beamWidth) {
            this.beamWidth = beamWidth;
            return this;
        }

        /**
         * HNSW's {@code efSearch}: candidates kept while walking a graph, at least {@code k} (default 100). More
         * costs query time and raises recall.
         *
         * @param numCandidates the number of candidates (positive)
         * @return this builder
         */
        public Builder optNumCandidates(int numCandidates) {
            this.numCandidates = numCandidates;
            return this;
        }

        /**
         * Memory for buffered rows before Lucene writes a segment (default 64 MB). Larger buffers give fewer,
         * bigger segments: fewer graphs to search and merge.
         *
         * @param ramBufferMb the buffer in MB (positive)
         * @return this builder
         */
        public Builder optRamBufferMb(double ramBufferMb) {
            this.ramBufferMb = ramBufferMb;
            return this;
        }

        /** A copy with the same settings, for {@link VectorStorePolicy}. */
        Builder copy() {
            Builder b = new Builder();
            b.folder = folder;
            b.dimension = dimension;
            b.maxConnections = maxConnections;
            b.beamWidth = beamWidth;
            b.numCandidates = numCandidates;
            b.ramBufferMb = ramBufferMb;
            return b;
        }

        /**
         * Opens the store, creating the folder and an empty index if there is none.
         *
         * @return the open store
         * @throws IllegalArgumentException if a setting is missing or out of range
         * @throws IOException naming the folder if it cannot be created or read, holds a corrupt index or one of
         *     another dimension, or is open in another store
         */
        public HnswVectorStore build() throws IOException {
            if (folder == null) {
                throw new IllegalArgumentException("setFolder is required");
            }
            if (dimension <= 0 || dimension > 1024) {
                throw new IllegalArgumentException("setDimension needs 1 to 1024, got " + dimension);
            }
            if (numCandidates <= 0 || !(ramBufferMb > 0)) {
                throw new IllegalArgumentException(
                        "numCandidates and ramBufferMb must be positive, got " + numCandidates + ", " + ramBufferMb);
            }
            // validates M and beamWidth with Lucene's own message
            KnnVectorsFormat format = new Lucene99HnswVectorsFormat(maxConnections, beamWidth);
            Files.createDirectories(folder);
            IndexWriterConfig config = new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(ramBufferMb)
                    .setCodec(new Lucene912Codec() {
                        @Override
                        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            return format;
                        }
                    });
            Directory directory = FSDirectory.open(folder);
            IndexWriter writer = null;
            SearcherManager searchers = null;
            try {
                writer = new IndexWriter(directory, config);
                searchers = new SearcherManager(writer, null); // opens every segment: corruption shows here
                checkField(searchers);
                return new HnswVectorStore(this, directory, writer, searchers);
            } catch (LockObtainFailedException e) {
                closeQuietly(e, searchers, writer, directory);
                throw new IOException("the HNSW index folder " + folder + " is open in another store", e);
            } catch (IOException | RuntimeException e) {
                closeQuietly(e, searchers, writer, directory);
                if (e instanceof StoreMismatchException) {
                    throw (StoreMismatchException) e;
                }
                throw new IOException(
                        "the HNSW index folder " + folder + " is corrupt or unreadable (delete it to rebuild): " + e,
                        e);
            }
        }

        /** The vector field of an existing index must match this store's dimension and similarity. */
        private void checkField(SearcherManager searchers) throws IOException {
            IndexSearcher searcher = searchers.acquire();
            try {
                FieldInfo info = FieldInfos.getMergedFieldInfos(searcher.getIndexReader())
                        .fieldInfo(VECTOR_FIELD);
                if (info != null
                        && (info.getVectorDimension() != dimension
                                || info.getVectorSimilarityFunction() != VectorSimilarityFunction.DOT_PRODUCT)) {
                    throw new StoreMismatchException("the HNSW index folder " + folder + " holds "
                            + info.getVectorDimension() + "-d " + info.getVectorSimilarityFunction()
                            + " vectors, asked for " + dimension + "-d DOT_PRODUCT");
                }
            } finally {
                searchers.release(searcher);
            }
        }

        private static void closeQuietly(Exception failure, AutoCloseable... resources) {
            for (AutoCloseable r : resources) {
                if (r == null) {
                    continue;
                }
                try {
                    if (r instanceof IndexWriter) {
                        ((IndexWriter) r).rollback(); // no commit of a half-opened index
                    } else {
                        r.close();
                    }
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** An index that is readable but was built for other vectors. */
    private static final class StoreMismatchException extends IOException {
        private static final long serialVersionUID = 1L;

        StoreMismatchException(String message) {
            super(message);
        }
    }
}
