package org.simvtp.models.facade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.simvtp.core.spi.MediaException;

/**
 * A searchable, persistent index of the video files under a folder.
 *
 * <p>{@link #update()} walks the folder recursively for files with a {@link #VIDEO_EXTENSIONS video extension}
 * (case-insensitive; hidden files and the index folder itself are skipped), embeds new and changed files (size or
 * modification time differs), drops removed ones and saves the index. Files that cannot be decoded are reported
 * and remembered, and are retried only when they change. If the model's {@link Simvtp#modelId()} differs from the
 * one the index was built with, every file is embedded again.
 *
 * <p>Storage in the index folder: {@value #EMBEDDINGS_FILE} (safetensors, tensor {@code embeddings} [N, D],
 * L2-normalised float32) and {@value #MANIFEST_FILE} (model id, folder, and per row the relative path, size and
 * modification time, plus the failures); both are replaced atomically. Thread-safe (methods are synchronized).
 *
 * <pre>{@code
 * try (Simvtp simvtp = Simvtp.pretrained()) {
 *     VideoIndex index = VideoIndex.open(simvtp, Path.of("videos"), Path.of("videos-index"));
 *     IndexUpdate u = index.update();                    // embeds what is new
 *     u.failed().forEach(f -> System.err.println(f.message()));
 *     List<SearchHit> hits = index.search("a dog catches a frisbee", 5);
 * }
 * }</pre>
 */
public final class VideoIndex {

    /** File extensions treated as videos. */
    public static final Set<String> VIDEO_EXTENSIONS =
            Set.of("mp4", "m4v", "mov", "avi", "mkv", "webm", "mpg", "mpeg", "wmv", "flv", "3gp", "ts", "ogv");
    /** Name of the embeddings file in the index folder. */
    public static final String EMBEDDINGS_FILE = "embeddings.safetensors";
    /** Name of the manifest file in the index folder. */
    public static final String MANIFEST_FILE = "manifest.json";

    private final Simvtp model;
    private final Path folder;
    private final Path indexDir;
    private final IndexStore store;
    /** Relative path ('/'-separated) → entry, sorted. */
    private final TreeMap<String, IndexStore.Entry> entries = new TreeMap<>();

    private final TreeMap<String, IndexStore.Failure> failures = new TreeMap<>();
    private final String modelId;

    private VideoIndex(Simvtp model, Path folder, Path indexDir) {
        this.model = model;
        this.folder = folder;
        this.indexDir = indexDir;
        this.store = new IndexStore(indexDir.resolve(MANIFEST_FILE), indexDir.resolve(EMBEDDINGS_FILE));
        this.modelId = model.modelId();
    }

    /**
     * Opens the index of {@code folder} stored in {@code indexDir}, empty if there is none yet (call
     * {@link #update()} to fill it). Entries built by another model are discarded.
     *
     * @param model embeds videos and queries; must stay open while the index is used
     * @param folder the video folder
     * @param indexDir where the index is stored (may be inside {@code folder})
     * @return the index
     * @throws IOException if a stored index exists but cannot be read
     */
    public static VideoIndex open(Simvtp model, Path folder, Path indexDir) throws IOException {
        Objects.requireNonNull(model, "model");
        VideoIndex index = new VideoIndex(
                model,
                folder.toAbsolutePath().normalize(),
                indexDir.toAbsolutePath().normalize());
        index.store.load(index.modelId, index.entries, index.failures);
        return index;
    }

    /**
     * Opens the index and updates it: {@code open(...)} then {@link #update()}.
     *
     * @param model embeds videos and queries
     * @param folder the video folder
     * @param indexDir where the index is stored
     * @return the up-to-date index; {@link #failures()} lists files that could not be embedded
     * @throws IOException if the folder cannot be listed or the index cannot be read or written
     */
    public static VideoIndex build(Simvtp model, Path folder, Path indexDir) throws IOException {
        VideoIndex index = open(model, folder, indexDir);
        index.update();
        return index;
    }

    /**
     * Brings the index up to date with the folder and saves it.
     *
     * @return what was embedded, removed and failed
     * @throws IOException if the folder cannot be listed or the index cannot be written
     */
    public synchronized IndexUpdate update() throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new java.io.FileNotFoundException("video folder " + folder + " does not exist");
        }
        Map<String, Path> found = scan();
        List<Path> removed = new ArrayList<>();
        for (String rel : new ArrayList<>(entries.keySet())) {
            if (!found.containsKey(rel)) {
                entries.remove(rel);
                removed.add(folder.resolve(rel));
            }
        }
        for (String rel : new ArrayList<>(failures.keySet())) {
            if (!found.containsKey(rel)) {
                failures.remove(rel);
                removed.add(folder.resolve(rel));
            }
        }
        List<Path> embedded = new ArrayList<>();
        List<IndexFailure> failed = new ArrayList<>();
        int unchanged = 0;
        for (Map.Entry<String, Path> e : found.entrySet()) {
            String rel = e.getKey();
            Path file = e.getValue();
            long size;
            long modified;
            try {
                size = Files.size(file);
                modified = Files.getLastModifiedTime(file).toMillis();
            } catch (IOException ex) {
                entries.remove(rel);
                String message = "cannot read the attributes of " + file + ": " + ex.getMessage();
                failures.put(rel, new IndexStore.Failure(-1, -1, message));
                failed.add(new IndexFailure(file, message));
                continue;
            }
            IndexStore.Entry old = entries.get(rel);
            IndexStore.Failure oldFailure = failures.get(rel);
            if ((old != null && old.size() == size && old.modified() == modified)
                    || (oldFailure != null && oldFailure.size() == size && oldFailure.modified() == modified)) {
                unchanged++;
                continue;
            }
            try {
                float[] embedding = normalise(model.encodeVideo(file));
                entries.put(rel, new IndexStore.Entry(size, modified, embedding));
                failures.remove(rel);
                embedded.add(file);
            } catch (MediaException ex) {
                entries.remove(rel);
                failures.put(rel, new IndexStore.Failure(size, modified, ex.getMessage()));
                failed.add(new IndexFailure(file, ex.getMessage()));
            }
        }
        store.save(modelId, folder, model.embeddingSize(), entries, failures);
        removed.sort(Comparator.naturalOrder());
        return new IndexUpdate(embedded, removed, failed, unchanged);
    }

    /**
     * The {@code k} videos most similar to a caption, best first (ties by path).
     *
     * @param query a caption
     * @param k number of results, at least 1; fewer when the index is smaller
     * @return the hits
     */
    public List<SearchHit> search(String query, int k) {
        return search(model.encodeText(query), k);
    }

    /**
     * The {@code k} videos most similar to an embedding, best first (ties by path).
     *
     * @param query an embedding of length {@link Simvtp#embeddingSize()}
     * @param k number of results, at least 1
     * @return the hits
     */
    public synchronized List<SearchHit> search(float[] query, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (query.length != model.embeddingSize()) {
            throw new IllegalArgumentException("query has length " + query.length + ", the index holds "
                    + model.embeddingSize() + "-d embeddings");
        }
        float[] q = normalise(query);
        List<SearchHit> hits = new ArrayList<>(entries.size());
        entries.forEach((rel, e) -> hits.add(new SearchHit(folder.resolve(rel), 0, 0, dot(q, e.embedding()))));
        hits.sort(Comparator.comparing(SearchHit::score).reversed().thenComparing(SearchHit::video));
        return List.copyOf(hits.subList(0, Math.min(k, hits.size())));
    }

    /**
     * Number of embedded videos.
     *
     * @return N
     */
    public synchronized int size() {
        return entries.size();
    }

    /**
     * The embedded videos, sorted by relative path.
     *
     * @return absolute paths
     */
    public synchronized List<Path> videos() {
        return entries.keySet().stream().map(folder::resolve).toList();
    }

    /**
     * The stored (L2-normalised) embedding of a video.
     *
     * @param video a video under the folder
     * @return a copy of the embedding, or null when the video is not in the index
     */
    public synchronized float[] embedding(Path video) {
        IndexStore.Entry e = entries.get(relative(video.toAbsolutePath().normalize()));
        return e == null ? null : e.embedding().clone();
    }

    /**
     * Files that could not be embedded (kept until they change or disappear).
     *
     * @return the failures, sorted by path
     */
    public synchronized List<IndexFailure> failures() {
        List<IndexFailure> out = new ArrayList<>();
        failures.forEach((rel, f) -> out.add(new IndexFailure(folder.resolve(rel), f.message())));
        return out;
    }

    /**
     * The indexed folder.
     *
     * @return the absolute folder
     */
    public Path folder() {
        return folder;
    }

    /**
     * Where the index is stored.
     *
     * @return the absolute index folder
     */
    public Path indexDirectory() {
        return indexDir;
    }

    @Override
    public synchronized String toString() {
        return "VideoIndex{" + folder + ", " + entries.size() + " videos, " + failures.size() + " failures}";
    }

    /** Video files under the folder by relative path, sorted. */
    private Map<String, Path> scan() throws IOException {
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(p -> !p.startsWith(indexDir))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> VIDEO_EXTENSIONS.contains(extension(p)))
                    .filter(Files::isRegularFile)
                    .forEach(p -> out.put(relative(p), p));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }

    private String relative(Path file) {
        return folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    private static float dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return (float) s;
    }
}
