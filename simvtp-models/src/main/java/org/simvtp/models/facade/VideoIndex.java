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
 * A searchable, persistent index of the moments of the video files under a folder.
 *
 * <p>Every video is cut into time windows ({@link IndexOptions}: by default the model's clip span, e.g. 2.56 s for
 * 16 frames at stride 4 and 25 fps, without overlap; a video shorter than a window is one window), and each window
 * is embedded from one centre-cropped clip of its frames. {@link #search(String, int)} ranks the windows by cosine
 * similarity and merges matching windows of a video that overlap or touch into one {@link SearchHit} with their
 * whole time range and the best score, so the top {@code k} are {@code k} distinct moments.
 *
 * <p>{@link #update()} walks the folder recursively for files with a {@link #VIDEO_EXTENSIONS video extension}
 * (case-insensitive; hidden files and the index folder itself are skipped), embeds new and changed files (size or
 * modification time differs), drops removed ones and saves the index. Decoding runs on worker threads while the
 * model encodes batches of windows; the index is saved every {@link IndexOptions#saveEveryFiles()} files, so an
 * interrupted update resumes where it stopped. Files that cannot be decoded are reported and remembered, and are
 * retried only when they change. If the model's {@link Simvtp#modelId()} or the window settings differ from those
 * the index was built with, every file is embedded again.
 *
 * <p>Storage in the index folder: {@value #EMBEDDINGS_FILE} (safetensors, tensor {@code embeddings} [N, D], one
 * L2-normalised float32 row per window) and {@value #MANIFEST_FILE} (model id, window settings, folder, and per
 * file the relative path, size, modification time and window ranges, plus the failures); both are replaced
 * atomically. A damaged index (unreadable manifest, embeddings that do not match it) is reported naming the file
 * and is never overwritten. Thread-safe (methods are synchronized).
 *
 * <p>Large indexes: from {@link IndexOptions#vectorStorePolicy()}'s limit on (default 10,000 windows) the windows are
 * also kept in an approximate HNSW store (Apache Lucene, sub-folder {@code hnsw/}, derived from the embeddings and
 * rebuilt from them when it does not match the manifest), and {@link #search(float[], int)} ranks the store's
 * nearest windows instead of every window; {@link #searchWindows} stays exact, the recall reference. Close the
 * index to release the store (searches of an index whose store another process holds open stay exact).
 *
 * <pre>{@code
 * try (Simvtp simvtp = Simvtp.pretrained();
 *         VideoIndex index = VideoIndex.open(simvtp, Path.of("videos"), Path.of("videos-index"))) {
 *     IndexUpdate u = index.update();                    // embeds what is new
 *     u.failed().forEach(f -> System.err.println(f.message()));
 *     for (SearchHit hit : index.search("a dog catches a frisbee", 5)) {
 *         System.out.printf("%.3f %s %.1f-%.1f s%n", hit.score(), hit.video(), hit.start(), hit.end());
 *     }
 * }
 * }</pre>
 */
public final class VideoIndex implements AutoCloseable {

    /** File extensions treated as videos. */
    public static final Set<String> VIDEO_EXTENSIONS =
            Set.of("mp4", "m4v", "mov", "avi", "mkv", "webm", "mpg", "mpeg", "wmv", "flv", "3gp", "ts", "ogv");
    /** Name of the embeddings file in the index folder. */
    public static final String EMBEDDINGS_FILE = "embeddings.safetensors";
    /** Name of the manifest file in the index folder. */
    public static final String MANIFEST_FILE = "manifest.json";

    /** Windows asked of the approximate store per search at least, and per requested moment. */
    private static final int APPROXIMATE_CANDIDATES = 100;

    private static final int APPROXIMATE_CANDIDATES_PER_HIT = 10;
    private static final Comparator<SearchHit> BEST_FIRST = Comparator.comparing(SearchHit::score)
            .reversed()
            .thenComparing(SearchHit::video)
            .thenComparingDouble(SearchHit::start);

    private final Simvtp model;
    private final Path folder;
    private final Path indexDir;
    private final IndexOptions options;
    private final IndexStore store;
    private final ApproximateWindows approximate;
    /** Relative path ('/'-separated) → entry, sorted. */
    private final TreeMap<String, IndexStore.Entry> entries = new TreeMap<>();

    private final TreeMap<String, IndexStore.Failure> failures = new TreeMap<>();
    private final String modelId;

    private VideoIndex(Simvtp model, Path folder, Path indexDir, IndexOptions options) {
        this.model = model;
        this.folder = folder;
        this.indexDir = indexDir;
        this.options = options;
        this.store = new IndexStore(indexDir.resolve(MANIFEST_FILE), indexDir.resolve(EMBEDDINGS_FILE));
        this.approximate = new ApproximateWindows(indexDir, model.embeddingSize(), options.vectorStorePolicy());
        this.modelId = model.modelId();
    }

    /**
     * Opens the index of {@code folder} stored in {@code indexDir} with the default {@link IndexOptions}, empty if
     * there is none yet (call {@link #update()} to fill it). Entries built by another model are discarded.
     *
     * @param model embeds videos and queries; must stay open while the index is used
     * @param folder the video folder
     * @param indexDir where the index is stored (may be inside {@code folder})
     * @return the index
     * @throws IOException if a stored index exists but cannot be read
     */
    public static VideoIndex open(Simvtp model, Path folder, Path indexDir) throws IOException {
        return open(model, folder, indexDir, IndexOptions.defaults());
    }

    /**
     * Opens the index of {@code folder} stored in {@code indexDir}, empty if there is none yet. Entries built by
     * another model or with other window settings are discarded.
     *
     * @param model embeds videos and queries; must stay open while the index is used
     * @param folder the video folder
     * @param indexDir where the index is stored (may be inside {@code folder})
     * @param options window settings and how updates run
     * @return the index
     * @throws IOException if a stored index exists but cannot be read (the message names the file)
     */
    public static VideoIndex open(Simvtp model, Path folder, Path indexDir, IndexOptions options) throws IOException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        VideoIndex index = new VideoIndex(
                model,
                folder.toAbsolutePath().normalize(),
                indexDir.toAbsolutePath().normalize(),
                options);
        index.store.load(index.modelId, options, index.entries, index.failures);
        Path manifest = index.indexDir.resolve(MANIFEST_FILE);
        if (index.approximate.wouldUse(index.rowCount()) && Files.isRegularFile(manifest)) {
            index.approximate.attach(
                    index.entries, index.rowCount(), ApproximateWindows.fingerprint(Files.readAllBytes(manifest)));
        }
        return index;
    }

    /**
     * Opens an existing index for searching; its video folder and window settings are read from the manifest.
     *
     * @param model the model the index was built with (another model's index opens empty)
     * @param indexDir the index folder
     * @param options how later updates run; its window settings are replaced by the stored ones
     * @return the index
     * @throws java.io.FileNotFoundException if {@code indexDir} holds no {@value #MANIFEST_FILE}
     * @throws IOException if the index cannot be read (the message names the file)
     */
    public static VideoIndex openExisting(Simvtp model, Path indexDir, IndexOptions options) throws IOException {
        Path manifest = indexDir.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(manifest)) {
            throw new java.io.FileNotFoundException("no video index in " + indexDir + " (" + manifest + " is missing)");
        }
        return open(model, IndexStore.folderOf(manifest), indexDir, IndexStore.windowingOf(manifest, options));
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
     * Brings the index up to date with the folder and saves it (also every
     * {@link IndexOptions#saveEveryFiles()} files while it runs).
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
        List<String> todo = new ArrayList<>();
        List<long[]> attributes = new ArrayList<>();
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
            todo.add(rel);
            attributes.add(new long[] {size, modified});
        }
        List<Path> files = todo.stream().map(folder::resolve).toList();
        long startNanos = System.nanoTime();
        long[] windows = {0};
        new WindowEmbedder(model, options).run(files, new WindowEmbedder.Sink() {
            @Override
            public void embedded(int file, double[] starts, double[] ends, float[][] vectors) throws IOException {
                String rel = todo.get(file);
                entries.put(
                        rel,
                        new IndexStore.Entry(attributes.get(file)[0], attributes.get(file)[1], starts, ends, vectors));
                failures.remove(rel);
                embedded.add(files.get(file));
                windows[0] += vectors.length;
                finished(file);
            }

            @Override
            public void failed(int file, MediaException error) throws IOException {
                String rel = todo.get(file);
                entries.remove(rel);
                failures.put(
                        rel,
                        new IndexStore.Failure(
                                attributes.get(file)[0], attributes.get(file)[1], error.getMessage()));
                failed.add(new IndexFailure(files.get(file), error.getMessage()));
                finished(file);
            }

            private void finished(int file) throws IOException {
                int done = embedded.size() + failed.size();
                if (done % options.saveEveryFiles() == 0) {
                    save();
                }
                options.progress()
                        .fileDone(
                                files.get(file),
                                done,
                                files.size(),
                                windows[0],
                                (System.nanoTime() - startNanos) / 1e9);
            }
        });
        save();
        removed.sort(Comparator.naturalOrder());
        embedded.sort(Comparator.naturalOrder());
        failed.sort(Comparator.comparing(IndexFailure::video));
        return new IndexUpdate(embedded, removed, failed, unchanged);
    }

    private void save() throws IOException {
        byte[] manifest = store.save(modelId, options, folder, model.embeddingSize(), entries, failures);
        approximate.sync(entries, rowCount(), ApproximateWindows.fingerprint(manifest));
    }

    /**
     * The {@code k} moments most similar to a caption, best first (see {@link #search(float[], int)}).
     *
     * @param query a caption
     * @param k number of moments, at least 1; fewer when the index is smaller
     * @return the hits
     */
    public List<SearchHit> search(String query, int k) {
        return search(model.encodeText(query), k);
    }

    /**
     * The {@code k} moments most similar to an embedding, best first: windows ranked by cosine similarity, those
     * of one video that overlap or touch merged into one hit spanning them with the best score (ties by path, then
     * start). An {@link #isApproximate() approximate} index merges the store's nearest
     * {@code max(100, 10 k)} windows (and scores every window if they merge into fewer than {@code k} moments).
     *
     * @param query an embedding of length {@link Simvtp#embeddingSize()}
     * @param k number of moments, at least 1
     * @return the hits
     */
    public synchronized List<SearchHit> search(float[] query, int k) {
        checkK(k);
        checkDimension(query);
        if (approximate.active()) {
            int wanted = Math.max(APPROXIMATE_CANDIDATES, APPROXIMATE_CANDIDATES_PER_HIT * k);
            List<SearchHit> candidates = approximate.candidates(Vectors.normalised(query), wanted, folder, entries);
            candidates.sort(BEST_FIRST);
            List<SearchHit> moments = Moments.merge(candidates, k);
            if (moments.size() >= k || candidates.size() >= rowCount()) {
                return moments;
            }
        }
        return Moments.merge(rankWindows(query), k);
    }

    /**
     * The {@code k} windows most similar to an embedding, exactly (every row is scored), best first, without
     * merging: the rows a vector store would return.
     *
     * @param query an embedding of length {@link Simvtp#embeddingSize()}
     * @param k number of windows, at least 1
     * @return one hit per window
     */
    public synchronized List<SearchHit> searchWindows(float[] query, int k) {
        checkK(k);
        List<SearchHit> ranked = rankWindows(query);
        return List.copyOf(ranked.subList(0, Math.min(k, ranked.size())));
    }

    /** Every window scored against the query, best first (ties by path, then start). */
    private List<SearchHit> rankWindows(float[] query) {
        checkDimension(query);
        float[] q = Vectors.normalised(query);
        List<SearchHit> hits = new ArrayList<>();
        entries.forEach((rel, e) -> {
            Path video = folder.resolve(rel);
            for (int w = 0; w < e.vectors().length; w++) {
                hits.add(new SearchHit(video, e.starts()[w], e.ends()[w], Vectors.dot(q, e.vectors()[w])));
            }
        });
        hits.sort(BEST_FIRST);
        return hits;
    }

    private void checkDimension(float[] query) {
        if (query.length != model.embeddingSize()) {
            throw new IllegalArgumentException("query has length " + query.length + ", the index holds "
                    + model.embeddingSize() + "-d embeddings");
        }
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
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
     * Number of embedded windows (rows) over all videos.
     *
     * @return the row count
     */
    public synchronized int rowCount() {
        return entries.values().stream().mapToInt(e -> e.vectors().length).sum();
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
     * Every row: per video (sorted by relative path) its windows in time order with their embeddings.
     *
     * @return the rows (vectors are copies)
     */
    public synchronized List<IndexRow> rows() {
        List<IndexRow> out = new ArrayList<>();
        entries.keySet().forEach(rel -> addRows(rel, out));
        return out;
    }

    /**
     * The rows of one video, in time order.
     *
     * @param video a video under the folder
     * @return its rows (vectors are copies), empty when the video is not in the index
     */
    public synchronized List<IndexRow> rows(Path video) {
        List<IndexRow> out = new ArrayList<>();
        addRows(relative(video.toAbsolutePath().normalize()), out);
        return out;
    }

    private void addRows(String rel, List<IndexRow> out) {
        IndexStore.Entry e = entries.get(rel);
        if (e != null) {
            for (int w = 0; w < e.vectors().length; w++) {
                out.add(new IndexRow(folder.resolve(rel), e.starts()[w], e.ends()[w], e.vectors()[w].clone()));
            }
        }
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
     * The id of the model the rows were embedded with ({@link Simvtp#modelId()}).
     *
     * @return the id
     */
    public String modelId() {
        return modelId;
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

    /**
     * Whether searches go through the approximate (HNSW) store: the index holds at least the
     * {@link IndexOptions#vectorStorePolicy() policy's} limit of windows.
     *
     * @return true when approximate
     */
    public synchronized boolean isApproximate() {
        return approximate.active();
    }

    /**
     * Closes the approximate store, if one is open (its files stay; the index reopens it). Searching after close
     * scores every window exactly. An index below the policy's limit holds nothing to close.
     *
     * @throws IOException if the store cannot be committed
     */
    @Override
    public synchronized void close() throws IOException {
        approximate.close();
    }

    @Override
    public synchronized String toString() {
        return "VideoIndex{" + folder + ", " + entries.size() + " videos, " + rowCount() + " windows, "
                + failures.size() + " failures}";
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
}
