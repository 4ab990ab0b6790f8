package org.simvtp.models.facade;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.store.LockObtainFailedException;
import org.simvtp.models.checkpoint.AtomicFiles;
import org.simvtp.models.search.VectorHit;
import org.simvtp.models.search.VectorStore;
import org.simvtp.models.search.VectorStorePolicy;

/**
 * The approximate-search twin of a {@link VideoIndex}'s windows. Once the index holds
 * {@link VectorStorePolicy#flatLimit()} windows or more, every window is mirrored into the policy's HNSW
 * {@link VectorStore} (sub-folder {@value VectorStorePolicy#HNSW_FOLDER} of the index folder), and a search asks it
 * for candidates instead of scoring every window.
 *
 * <p>The embeddings file stays the record of truth and this store is derived from it: after every save the windows
 * of changed files are replaced and those of removed files deleted, the store is committed and then stamped with a
 * fingerprint of the manifest it now matches ({@value #STAMP_FILE}). A store whose stamp or size does not match the
 * manifest when the index is opened (an interrupted save, a damaged or foreign folder) is deleted and rebuilt from
 * the embeddings. Not thread-safe: {@link VideoIndex} calls it under its lock.
 */
final class ApproximateWindows implements Closeable {

    /** The stamp file in the HNSW folder: the SHA-256 of the manifest the store matches. */
    static final String STAMP_FILE = "manifest.sha256";

    private final Path folder;
    private final int dimension;
    private final VectorStorePolicy policy;
    /** What the store holds: relative path → the entry its windows came from (compared by identity). */
    private final Map<String, IndexStore.Entry> mirrored = new HashMap<>();

    private VectorStore store;

    ApproximateWindows(Path indexDir, int dimension, VectorStorePolicy policy) {
        this.folder = indexDir.resolve(VectorStorePolicy.HNSW_FOLDER);
        this.dimension = dimension;
        this.policy = policy;
    }

    /** Whether searches go through the approximate store. */
    boolean active() {
        return store != null;
    }

    /**
     * Brings the store in line with the saved index: opens (or rebuilds) it once the index reaches the policy's
     * limit, replaces the windows of changed files, deletes those of removed files, commits and stamps it.
     *
     * @param entries the index's entries, as just saved
     * @param rows their window count
     * @param manifest the {@link #fingerprint} of the manifest just written
     */
    void sync(Map<String, IndexStore.Entry> entries, int rows, String manifest) throws IOException {
        if (store == null) {
            if (!policy.usesHnsw(rows)) {
                return;
            }
            open(entries, rows, manifest);
        }
        for (Iterator<Map.Entry<String, IndexStore.Entry>> it =
                        mirrored.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, IndexStore.Entry> held = it.next();
            if (entries.get(held.getKey()) != held.getValue()) {
                for (int w = 0; w < held.getValue().vectors().length; w++) {
                    store.delete(key(held.getKey(), w));
                }
                it.remove();
            }
        }
        for (Map.Entry<String, IndexStore.Entry> e : entries.entrySet()) {
            if (!mirrored.containsKey(e.getKey())) {
                float[][] vectors = e.getValue().vectors();
                for (int w = 0; w < vectors.length; w++) {
                    store.put(key(e.getKey(), w), vectors[w]);
                }
                mirrored.put(e.getKey(), e.getValue());
            }
        }
        store.commit();
        byte[] stamp = manifest.getBytes(StandardCharsets.US_ASCII);
        AtomicFiles.write(folder.resolve(STAMP_FILE), channel -> channel.write(ByteBuffer.wrap(stamp)));
    }

    /**
     * Adopts the store when an index at or above the policy's limit ({@link #wouldUse}) is opened: kept if its
     * stamp and size match the manifest's fingerprint, otherwise rebuilt from the entries. While another process holds the store (an update running),
     * the index stays on exact search.
     */
    void attach(Map<String, IndexStore.Entry> entries, int rows, String manifest) throws IOException {
        if (store != null) {
            return;
        }
        try {
            open(entries, rows, manifest);
        } catch (IOException e) {
            if (e.getCause() instanceof LockObtainFailedException) {
                store = null; // another process updates the index: search exactly meanwhile
                return;
            }
            throw e;
        }
        if (mirrored.size() < entries.size()) {
            sync(entries, rows, manifest);
        }
    }

    /** Whether an index of {@code rows} windows searches through the approximate store. */
    boolean wouldUse(int rows) {
        return policy.usesHnsw(rows);
    }

    /**
     * Up to {@code n} windows most similar to a unit-length query, as hits (any order).
     *
     * @param query the normalised query
     * @param n how many candidates to ask for
     * @param videos the indexed folder, to resolve relative paths
     * @param entries the index's entries
     */
    List<SearchHit> candidates(float[] query, int n, Path videos, Map<String, IndexStore.Entry> entries) {
        List<VectorHit> found;
        try {
            found = store.search(query, n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the approximate index in " + folder, e);
        }
        List<SearchHit> out = new ArrayList<>(found.size());
        for (VectorHit hit : found) {
            int cut = hit.key().lastIndexOf('#');
            String rel = hit.key().substring(0, cut);
            int w = Integer.parseInt(hit.key().substring(cut + 1));
            IndexStore.Entry e = entries.get(rel);
            if (e != null && w < e.vectors().length) {
                out.add(new SearchHit(videos.resolve(rel), e.starts()[w], e.ends()[w], hit.score()));
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (store != null) {
            store.close();
            store = null;
            mirrored.clear();
        }
    }

    /** Opens the store; keeps it when stamp and size match the manifest, otherwise starts it afresh. */
    private void open(Map<String, IndexStore.Entry> entries, int rows, String manifest) throws IOException {
        mirrored.clear();
        if (Files.isDirectory(folder)) {
            boolean current = false;
            try {
                store = policy.open(folder.getParent(), dimension, rows);
                Path stamp = folder.resolve(STAMP_FILE);
                current = Files.isRegularFile(stamp)
                        && Files.readString(stamp, StandardCharsets.US_ASCII).equals(manifest)
                        && store.size() == rows;
            } catch (IOException e) {
                if (e.getCause() instanceof LockObtainFailedException) {
                    throw e; // in use by another index object or process: never delete it
                }
                current = false; // a damaged or foreign store is rebuilt from the embeddings
            } catch (IllegalArgumentException e) {
                current = false;
            }
            if (current) {
                mirrored.putAll(entries);
                return;
            }
            close();
            deleteFolder();
        }
        store = policy.open(folder.getParent(), dimension, Math.max(rows, policy.flatLimit()));
    }

    private void deleteFolder() throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String key(String rel, int window) {
        return rel + "#" + window;
    }

    /** The SHA-256 (hex) of a manifest's bytes: what the stamp file records. */
    static String fingerprint(byte[] manifest) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
