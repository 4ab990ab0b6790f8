package org.simvtp.models.facade;

import java.util.Objects;
import org.simvtp.models.search.VectorStorePolicy;

/**
 * Immutable settings of a {@link VideoIndex}: how videos are cut into time windows and how indexing runs.
 *
 * <p>Defaults: a window is the model's clip span ({@code numFrames × 4} frames at the video's frame rate, e.g.
 * 16 × 4 / 25 fps = 2.56 s), windows do not overlap (stride = window), 8 windows per encoder call, half the
 * processors (at least 1) decoding, the index saved after every 16 embedded files, no progress reports. The window
 * and stride are stored with the index; opening it with other values embeds every file again.
 *
 * <pre>{@code
 * IndexOptions options = IndexOptions.builder().optWindowSeconds(4).optStrideSeconds(2).build();
 * VideoIndex index = VideoIndex.open(simvtp, Path.of("videos"), Path.of("videos-index"), options);
 * }</pre>
 */
public final class IndexOptions {

    private final double windowSeconds;
    private final double strideSeconds;
    private final int batchSize;
    private final int decodeThreads;
    private final int saveEveryFiles;
    private final IndexProgress progress;
    private final VectorStorePolicy vectorStorePolicy;

    private IndexOptions(Builder b) {
        windowSeconds = b.windowSeconds;
        strideSeconds = b.strideSeconds;
        batchSize = b.batchSize;
        decodeThreads = b.decodeThreads;
        saveEveryFiles = b.saveEveryFiles;
        progress = b.progress;
        vectorStorePolicy = b.vectorStorePolicy;
    }

    /**
     * The defaults.
     *
     * @return the options
     */
    public static IndexOptions defaults() {
        return builder().build();
    }

    /**
     * A builder holding the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised with these options.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.windowSeconds = windowSeconds;
        b.strideSeconds = strideSeconds;
        b.batchSize = batchSize;
        b.decodeThreads = decodeThreads;
        b.saveEveryFiles = saveEveryFiles;
        b.progress = progress;
        b.vectorStorePolicy = vectorStorePolicy;
        return b;
    }

    /**
     * When the index answers searches through an approximate (HNSW) store instead of scoring every window.
     *
     * @return the policy
     */
    public VectorStorePolicy vectorStorePolicy() {
        return vectorStorePolicy;
    }

    /**
     * Window length in seconds; 0 means the model's clip span at each video's frame rate.
     *
     * @return seconds
     */
    public double windowSeconds() {
        return windowSeconds;
    }

    /**
     * Distance between window starts in seconds; 0 means the window length.
     *
     * @return seconds
     */
    public double strideSeconds() {
        return strideSeconds;
    }

    /**
     * Windows collected per encoder call ({@link SimvtpOptions#maxBatch()} still caps one forward pass).
     *
     * @return the batch size
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Threads decoding videos while the model encodes.
     *
     * @return the thread count
     */
    public int decodeThreads() {
        return decodeThreads;
    }

    /**
     * Embedded files between two saves of a running update (an interrupted update resumes from the last save).
     *
     * @return the file count
     */
    public int saveEveryFiles() {
        return saveEveryFiles;
    }

    /**
     * Receives a report after every file an update finishes.
     *
     * @return the listener
     */
    public IndexProgress progress() {
        return progress;
    }

    @Override
    public String toString() {
        return "IndexOptions{window " + (windowSeconds == 0 ? "clip span" : windowSeconds + " s") + ", stride "
                + (strideSeconds == 0 ? "window" : strideSeconds + " s") + ", batch " + batchSize + ", " + decodeThreads
                + " decode threads, save every " + saveEveryFiles + " files}";
    }

    /** Builder of {@link IndexOptions}; every setting is optional. */
    public static final class Builder {
        private double windowSeconds;
        private double strideSeconds;
        private int batchSize = 8;
        private int decodeThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private int saveEveryFiles = 16;
        private IndexProgress progress = IndexProgress.NONE;
        private VectorStorePolicy vectorStorePolicy =
                VectorStorePolicy.builder().build();

        private Builder() {}

        /**
         * Window length (default 0: the model's clip span).
         *
         * @param seconds positive seconds, or 0 for the clip span
         * @return this builder
         */
        public Builder optWindowSeconds(double seconds) {
            windowSeconds = nonNegative("window", seconds);
            return this;
        }

        /**
         * Distance between window starts (default 0: the window length, no overlap).
         *
         * @param seconds positive seconds, or 0 for the window length
         * @return this builder
         */
        public Builder optStrideSeconds(double seconds) {
            strideSeconds = nonNegative("stride", seconds);
            return this;
        }

        /**
         * Windows per encoder call (default 8).
         *
         * @param windows at least 1
         * @return this builder
         */
        public Builder optBatchSize(int windows) {
            batchSize = atLeastOne("batch size", windows);
            return this;
        }

        /**
         * Decoding threads (default half the processors, at least 1).
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder optDecodeThreads(int threads) {
            decodeThreads = atLeastOne("decode threads", threads);
            return this;
        }

        /**
         * Files embedded between two saves of a running update (default 16).
         *
         * @param files at least 1
         * @return this builder
         */
        public Builder optSaveEveryFiles(int files) {
            saveEveryFiles = atLeastOne("save interval", files);
            return this;
        }

        /**
         * Progress listener (default none).
         *
         * @param listener called on the updating thread after each file
         * @return this builder
         */
        public Builder optProgress(IndexProgress listener) {
            progress = Objects.requireNonNull(listener, "progress");
            return this;
        }

        /**
         * From how many windows on searches go through an approximate HNSW store in the index folder, and its
         * settings (default: {@link VectorStorePolicy#DEFAULT_FLAT_LIMIT} windows, Lucene's HNSW with M 16).
         *
         * <pre>{@code
         * IndexOptions.builder().optVectorStorePolicy(VectorStorePolicy.builder().optFlatLimit(50_000).build());
         * }</pre>
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder optVectorStorePolicy(VectorStorePolicy policy) {
            vectorStorePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Builds the options; a stride longer than the window leaves gaps between windows, which is allowed.
         *
         * @return the options
         */
        public IndexOptions build() {
            return new IndexOptions(this);
        }

        private static double nonNegative(String name, double seconds) {
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException(
                        name + " must be a positive number of seconds (or 0 for the " + "default), got " + seconds);
            }
            return seconds;
        }

        private static int atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
