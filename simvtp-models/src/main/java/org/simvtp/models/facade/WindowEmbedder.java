package org.simvtp.models.facade;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.simvtp.core.spi.MediaException;
import org.simvtp.core.spi.MediaSupport;
import org.simvtp.core.spi.TimedClip;

/**
 * Embeds the time windows of video files with decoding and encoding overlapped: worker threads decode the files'
 * windows ({@link MediaSupport#readVideoWindows}) into a bounded queue, the calling thread encodes them in batches
 * of {@link IndexOptions#batchSize()} through {@link Simvtp#encodeVideos(float[][])} and reports every file as
 * soon as all its windows are embedded (or its decoding failed). A batch is also encoded when no window arrives
 * for a moment, so the model never waits for a batch to fill.
 *
 * <pre>{@code
 * new WindowEmbedder(simvtp, options).run(files, sink); // sink.embedded(i, starts, ends, vectors) per file
 * }</pre>
 */
final class WindowEmbedder {

    /** Receives the result of each file, on the calling thread. */
    interface Sink {
        /** All windows of {@code files.get(file)}, in time order: their ranges (seconds) and embeddings. */
        void embedded(int file, double[] starts, double[] ends, float[][] vectors) throws IOException;

        /** {@code files.get(file)} could not be decoded. */
        void failed(int file, MediaException error) throws IOException;
    }

    private static final long IDLE_FLUSH_MILLIS = 20;

    private final Simvtp model;
    private final IndexOptions options;

    WindowEmbedder(Simvtp model, IndexOptions options) {
        this.model = model;
        this.options = options;
    }

    /** What a decoding thread hands over. */
    private sealed interface Item permits Window, Decoded, Failed, Crashed {}

    private record Window(int file, TimedClip clip) implements Item {}

    private record Decoded(int file, int windows) implements Item {}

    private record Failed(int file, MediaException error) implements Item {}

    private record Crashed(RuntimeException error) implements Item {}

    /** A file being embedded: the windows embedded so far (their pixels are dropped once encoded). */
    private static final class Progress {
        final List<double[]> ranges = new ArrayList<>();
        final List<float[]> vectors = new ArrayList<>();
        int expected = -1;
        /** Failed or reported: later items about the file are ignored. */
        boolean closed;
    }

    /** Stops a decoding thread whose update was abandoned. */
    private static final class Abandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abandoned(InterruptedException cause) {
            super(cause);
        }
    }

    /**
     * Embeds every file, reporting each to {@code sink}; returns when all are reported.
     *
     * @throws IOException when the sink throws it
     */
    void run(List<Path> files, Sink sink) throws IOException {
        if (files.isEmpty()) {
            return;
        }
        MediaSupport media = model.media("indexing video files");
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(2 * options.batchSize() + options.decodeThreads());
        AtomicInteger threadIds = new AtomicInteger();
        ExecutorService decoders = Executors.newFixedThreadPool(options.decodeThreads(), r -> {
            Thread t = new Thread(r, "simvtp-index-decode-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < files.size(); i++) {
                int file = i;
                decoders.execute(() -> decode(media, files.get(file), file, queue));
            }
            encode(files.size(), queue, sink);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("indexing was interrupted");
        } finally {
            decoders.shutdownNow();
            try {
                decoders.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void decode(MediaSupport media, Path video, int file, BlockingQueue<Item> queue) {
        try {
            int[] count = {0};
            media.readVideoWindows(video, model.config(), options.windowSeconds(), options.strideSeconds(), clip -> {
                put(queue, new Window(file, clip));
                count[0]++;
            });
            put(queue, new Decoded(file, count[0]));
        } catch (MediaException e) {
            put(queue, new Failed(file, e));
        } catch (Abandoned e) {
            // the update ended; nobody waits for this file
        } catch (RuntimeException e) {
            put(queue, new Crashed(e));
        }
    }

    private static void put(BlockingQueue<Item> queue, Item item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned(e);
        }
    }

    private void encode(int fileCount, BlockingQueue<Item> queue, Sink sink) throws IOException, InterruptedException {
        Progress[] progress = new Progress[fileCount];
        for (int i = 0; i < fileCount; i++) {
            progress[i] = new Progress();
        }
        List<Window> batch = new ArrayList<>(options.batchSize());
        int open = fileCount;
        while (open > 0) {
            Item item = batch.isEmpty() ? queue.take() : queue.poll(IDLE_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            if (item == null || (item instanceof Window w && add(batch, w, progress))) {
                open -= flush(batch, progress, sink);
            } else if (item instanceof Decoded d) {
                progress[d.file()].expected = d.windows();
                open -= finishIfDone(d.file(), progress, sink) ? 1 : 0;
            } else if (item instanceof Failed f) {
                progress[f.file()].closed = true;
                progress[f.file()].ranges.clear();
                progress[f.file()].vectors.clear();
                sink.failed(f.file(), f.error());
                open--;
            } else if (item instanceof Crashed c) {
                throw c.error();
            }
        }
    }

    /** Queues a window for encoding; true when the batch is full. */
    private boolean add(List<Window> batch, Window w, Progress[] progress) {
        if (!progress[w.file()].closed) {
            batch.add(w);
        }
        return batch.size() >= options.batchSize();
    }

    /** Encodes the batch; returns how many files it completed. */
    private int flush(List<Window> batch, Progress[] progress, Sink sink) throws IOException {
        if (batch.isEmpty()) {
            return 0;
        }
        float[][] clips = new float[batch.size()][];
        for (int i = 0; i < clips.length; i++) {
            clips[i] = batch.get(i).clip().clip();
        }
        float[][] vectors = model.encodeVideos(clips);
        List<Integer> touched = new ArrayList<>();
        for (int i = 0; i < clips.length; i++) {
            Window w = batch.get(i);
            Progress p = progress[w.file()];
            if (!p.closed) {
                p.ranges.add(new double[] {w.clip().start(), w.clip().end()});
                p.vectors.add(vectors[i]);
                if (!touched.contains(w.file())) {
                    touched.add(w.file());
                }
            }
        }
        batch.clear();
        int done = 0;
        for (int file : touched) {
            done += finishIfDone(file, progress, sink) ? 1 : 0;
        }
        return done;
    }

    private static boolean finishIfDone(int file, Progress[] progress, Sink sink) throws IOException {
        Progress p = progress[file];
        if (p.closed || p.expected < 0 || p.vectors.size() < p.expected) {
            return false;
        }
        double[] starts = new double[p.ranges.size()];
        double[] ends = new double[starts.length];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = p.ranges.get(i)[0];
            ends[i] = p.ranges.get(i)[1];
        }
        float[][] vectors = p.vectors.toArray(new float[0][]);
        p.ranges.clear();
        p.vectors.clear();
        p.closed = true;
        sink.embedded(file, starts, ends, vectors);
        return true;
    }
}
