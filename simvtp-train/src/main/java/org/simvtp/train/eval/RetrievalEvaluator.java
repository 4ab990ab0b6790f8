package org.simvtp.train.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.simvtp.core.metrics.RetrievalMetrics;
import org.simvtp.data.text.TokenBatch;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.models.objective.Losses;

/**
 * Text-video retrieval evaluation as the reference (spec §8, §13).
 *
 * <ol>
 *   <li>Every video is cut into its views (S × C for files and in-memory frames, see {@link TestViews}); the
 *       views of all videos are streamed through the video encoder in batches of {@code videoBatchSize}, and a
 *       video's embedding is the plain (un-normalised) mean of its views' outputs.</li>
 *   <li>Captions, grouped by video in input order, are tokenised and encoded in batches of
 *       {@code textBatchSize}, each padded to its own longest caption. The reference mean-pools over padding,
 *       so a caption's embedding depends on its batch (spec §11 item 8); the default of 12 is the reference's
 *       per-GPU evaluation batch, although its batches (distributed, one row per view) are not reproduced.</li>
 *   <li>Cosine similarity, rows = captions, columns = videos ({@link Losses#cosineSimilarity}), then
 *       {@link RetrievalMetrics}: text→video and video→text R@1/5/10/50, MedR, MeanR.</li>
 * </ol>
 * Every video must have the same number of captions (caption {@code i} belongs to video
 * {@code i / captionsPerVideo}). The encoders run in inference mode with PyTorch's thread-local grad mode off
 * (restored afterwards), each batch in its own sub-manager; call it outside a {@code GradientCollector}. Decoding
 * of the next videos can overlap encoding ({@code prefetch}, default 1 video ahead on one background thread).
 *
 * <pre>{@code
 * try (BertTokenizer bert = BertTokenizer.create()) {
 *     RetrievalEvaluator evaluator = RetrievalEvaluator.builder(EmbeddingModel.of(model), bert::encodeBatch)
 *             .optViews(TestViews.forConfig(config)).build();
 *     RetrievalResult result = evaluator.evaluate(items);
 *     System.out.println(result.format());
 * }
 * }</pre>
 */
public final class RetrievalEvaluator {

    private final EmbeddingModel model;
    private final CaptionTokenizer tokenizer;
    private final TestViews views;
    private final int videoBatchSize;
    private final int textBatchSize;
    private final int prefetch;

    private RetrievalEvaluator(Builder b) {
        model = b.model;
        tokenizer = b.tokenizer;
        views = b.views;
        videoBatchSize = b.videoBatchSize;
        textBatchSize = b.textBatchSize;
        prefetch = b.prefetch;
    }

    /**
     * A builder.
     *
     * @param model the embedding model
     * @param tokenizer caption tokenizer, e.g. {@code bertTokenizer::encodeBatch}
     * @return the builder
     */
    public static Builder builder(EmbeddingModel model, CaptionTokenizer tokenizer) {
        return new Builder(model, tokenizer);
    }

    /**
     * Embeds and scores a benchmark.
     *
     * @param items the videos with their captions (unique ids, equal caption counts)
     * @return scores of both directions with chance levels
     */
    public RetrievalResult evaluate(List<RetrievalItem> items) {
        RetrievalEmbeddings e = embed(items);
        float[][] sims = similarity(e);
        return new RetrievalResult(RetrievalMetrics.evaluate(sims), e.video().length, e.text().length);
    }

    /**
     * Computes the view-averaged video embeddings and the caption embeddings.
     *
     * @param items the videos with their captions (unique ids, equal caption counts)
     * @return the embeddings
     * @throws IllegalArgumentException on duplicate ids, unequal caption counts, videos without views or views of
     *     different shapes in one batch
     */
    public RetrievalEmbeddings embed(List<RetrievalItem> items) {
        int perVideo = validate(items);
        List<String> ids = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (RetrievalItem item : items) {
            ids.add(item.videoId());
            captions.addAll(item.captions());
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager root = NDManager.newBaseManager(model.device())) {
            float[][] video = embedVideos(items, root);
            float[][] text = embedCaptions(captions, root);
            return new RetrievalEmbeddings(ids, video, text, perVideo);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * The cosine similarity matrix of a set of embeddings, with the reference's clamp of norms at 1e-8.
     *
     * @param embeddings video and caption embeddings
     * @return {@code [captions][videos]}
     */
    public static float[][] similarity(RetrievalEmbeddings embeddings) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray text = m.create(embeddings.text());
            NDArray video = m.create(embeddings.video());
            return RetrievalMetrics.toMatrix(Losses.cosineSimilarity(text, video));
        }
    }

    private static int validate(List<RetrievalItem> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no videos to evaluate");
        }
        int perVideo = items.get(0).captions().size();
        Set<String> seen = new HashSet<>();
        for (RetrievalItem item : items) {
            if (!seen.add(item.videoId())) {
                throw new IllegalArgumentException("video id " + item.videoId() + " occurs twice");
            }
            if (item.captions().size() != perVideo) {
                throw new IllegalArgumentException(
                        "video " + item.videoId() + " has " + item.captions().size()
                                + " captions, video " + items.get(0).videoId() + " has " + perVideo
                                + "; every video needs the same number of captions");
            }
        }
        return perVideo;
    }

    private float[][] embedVideos(List<RetrievalItem> items, NDManager root) {
        int n = items.size();
        double[][] sums = new double[n][];
        int[] counts = new int[n];
        List<ClipTensor> pending = new ArrayList<>(videoBatchSize);
        List<Integer> owners = new ArrayList<>(videoBatchSize);
        try (ViewLoader loader = new ViewLoader(items)) {
            for (int v = 0; v < n; v++) {
                List<ClipTensor> clips = loader.next();
                if (clips.isEmpty()) {
                    throw new IllegalArgumentException("video " + items.get(v).videoId() + " ("
                            + items.get(v).video().describe() + ") has no views");
                }
                for (ClipTensor clip : clips) {
                    if (!pending.isEmpty()
                            && !clip.shape().equals(pending.get(0).shape())) {
                        throw new IllegalArgumentException(
                                "video " + items.get(v).videoId() + " has a view of shape " + clip.shape()
                                        + ", other views in its batch have "
                                        + pending.get(0).shape());
                    }
                    pending.add(clip);
                    owners.add(v);
                    if (pending.size() == videoBatchSize) {
                        encodeVideoBatch(pending, owners, sums, counts, root);
                    }
                }
            }
        }
        if (!pending.isEmpty()) {
            encodeVideoBatch(pending, owners, sums, counts, root);
        }
        float[][] out = new float[n][];
        for (int v = 0; v < n; v++) {
            out[v] = new float[sums[v].length];
            for (int d = 0; d < out[v].length; d++) {
                out[v][d] = (float) (sums[v][d] / counts[v]);
            }
        }
        return out;
    }

    private void encodeVideoBatch(
            List<ClipTensor> clips, List<Integer> owners, double[][] sums, int[] counts, NDManager root) {
        ClipTensor first = clips.get(0);
        int size = first.data().length;
        float[] batch = new float[clips.size() * size];
        for (int i = 0; i < clips.size(); i++) {
            System.arraycopy(clips.get(i).data(), 0, batch, i * size, size);
        }
        float[] out;
        int dim;
        try (NDManager sub = root.newSubManager()) {
            NDArray x = sub.create(
                    batch, new Shape(clips.size(), first.channels(), first.frames(), first.height(), first.width()));
            NDArray e = model.encodeVideo(x);
            dim = Math.toIntExact(e.getShape().get(1));
            out = e.toType(DataType.FLOAT32, false).toFloatArray();
        }
        for (int i = 0; i < clips.size(); i++) {
            int v = owners.get(i);
            if (sums[v] == null) {
                sums[v] = new double[dim];
            }
            for (int d = 0; d < dim; d++) {
                sums[v][d] += out[i * dim + d];
            }
            counts[v]++;
        }
        clips.clear();
        owners.clear();
    }

    private float[][] embedCaptions(List<String> captions, NDManager root) {
        float[][] out = new float[captions.size()][];
        for (int from = 0; from < captions.size(); from += textBatchSize) {
            int to = Math.min(captions.size(), from + textBatchSize);
            TokenBatch tokens = tokenizer.tokenize(captions.subList(from, to));
            if (tokens.size() != to - from) {
                throw new IllegalStateException(
                        "tokenizer returned " + tokens.size() + " rows for " + (to - from) + " captions");
            }
            try (NDManager sub = root.newSubManager()) {
                NDArray e = model.encodeText(sub.create(tokens.ids()), sub.create(tokens.attentionMask()));
                int dim = Math.toIntExact(e.getShape().get(1));
                float[] flat = e.toType(DataType.FLOAT32, false).toFloatArray();
                for (int i = from; i < to; i++) {
                    out[i] = Arrays.copyOfRange(flat, (i - from) * dim, (i - from + 1) * dim);
                }
            }
        }
        return out;
    }

    /** Loads the views of each video in order, up to {@code prefetch} videos ahead on a background thread. */
    private final class ViewLoader implements AutoCloseable {
        private final List<RetrievalItem> items;
        private final ExecutorService pool;
        private final Deque<CompletableFuture<List<ClipTensor>>> queue = new ArrayDeque<>();
        private int submitted;

        ViewLoader(List<RetrievalItem> items) {
            this.items = items;
            pool = prefetch > 0
                    ? Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "simvtp-eval-decode");
                        t.setDaemon(true);
                        return t;
                    })
                    : null;
        }

        List<ClipTensor> next() {
            if (pool == null) {
                return load(items.get(submitted++));
            }
            while (queue.size() <= prefetch && submitted < items.size()) {
                RetrievalItem item = items.get(submitted++);
                queue.addLast(CompletableFuture.supplyAsync(() -> load(item), pool));
            }
            try {
                return queue.removeFirst().join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }

        private List<ClipTensor> load(RetrievalItem item) {
            return item.video().views(views);
        }

        @Override
        public void close() {
            if (pool != null) {
                queue.forEach(f -> f.cancel(true));
                pool.shutdownNow();
            }
        }
    }

    /** Builder of {@link RetrievalEvaluator}. */
    public static final class Builder {
        private final EmbeddingModel model;
        private final CaptionTokenizer tokenizer;
        private TestViews views;
        private int videoBatchSize = 12;
        private int textBatchSize = 12;
        private int prefetch = 1;

        private Builder(EmbeddingModel model, CaptionTokenizer tokenizer) {
            this.model = Objects.requireNonNull(model, "model");
            this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        }

        /** How files and in-memory frames are cut into views (required for those sources). */
        public Builder optViews(TestViews value) {
            views = value;
            return this;
        }

        /** Views per encoder batch (default 12, the reference's per-GPU evaluation batch). */
        public Builder optVideoBatchSize(int value) {
            videoBatchSize = positive("videoBatchSize", value);
            return this;
        }

        /** Captions per encoder batch, each padded to its longest caption (default 12, as the reference). */
        public Builder optTextBatchSize(int value) {
            textBatchSize = positive("textBatchSize", value);
            return this;
        }

        /** Videos decoded ahead of the encoder on a background thread (default 1; 0 decodes inline). */
        public Builder optPrefetch(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("prefetch must be >= 0, got " + value);
            }
            prefetch = value;
            return this;
        }

        /** Builds the evaluator. */
        public RetrievalEvaluator build() {
            return new RetrievalEvaluator(this);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + value);
            }
            return value;
        }
    }
}
