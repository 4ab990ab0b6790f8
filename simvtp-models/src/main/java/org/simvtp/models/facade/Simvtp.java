package org.simvtp.models.facade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.spi.MediaException;
import org.simvtp.core.spi.MediaSupport;
import org.simvtp.core.spi.TokenizedText;
import org.simvtp.models.checkpoint.CheckpointFormatException;
import org.simvtp.models.checkpoint.LoadReport;
import org.simvtp.models.checkpoint.SafetensorsWriter;
import org.simvtp.models.checkpoint.StateDictLoader;
import org.simvtp.models.nn.ReferenceBlock;

/**
 * SimVTP in a few calls: load a checkpoint, embed videos and captions, compare them, reconstruct a masked clip.
 *
 * <pre>{@code
 * try (Simvtp simvtp = Simvtp.pretrained()) {                 // or Simvtp.load(Path.of("checkpoint.pth"))
 *     float[] video = simvtp.encodeVideo(Path.of("clip.mp4"));
 *     float[] text = simvtp.encodeText("a man is playing the guitar");
 *     float score = Simvtp.cosine(text, video);
 * }
 * }</pre>
 *
 * <p><b>Models.</b> {@link #load(Path)} reads the reference files directly: {@code torch.save} files
 * ({@code .pth}/{@code .pt}; the state dict is found under {@code model}, {@code module} or {@code state_dict})
 * and safetensors files in reference key names. Keys under {@code video_encoder.} select the fine-tuned two-tower
 * retrieval model ({@link ModelKind#TWO_TOWER}); keys under {@code encoder.} the pre-training model
 * ({@link ModelKind#PRETRAINING}), which is used <em>zero-shot</em> for retrieval: an embedding is the mean over
 * tokens of the encoder's per-token-normalised outputs on the unmasked input — the features of the pre-training
 * contrastive loss, unlike the fine-tuning initialisation which drops {@code encoder.norm} and adds a fresh
 * {@code fc_norm}. Only a pre-training model can {@link #reconstruct}. The configuration comes from the
 * {@code config} entry of the safetensors metadata (written by {@link #save(Path)}), else from the tensor shapes
 * ({@code ConfigInference}: heads = width / 64, 224² pixels and 16 frames for patch 16 / tubelet 2), unless given
 * to {@link #load(Path, SimvtpConfig)}.
 *
 * <p><b>Inputs.</b> Video files and captions need {@code org.simvtp:simvtp-data} on the class path (found as a
 * {@link MediaSupport} service); without it those methods throw an {@link IllegalStateException} saying so, while
 * clip arrays and token ids still work. Video files are embedded from the reference test views (every 4th
 * frame, short side resized, {@link SimvtpOptions#segments()} × {@link SimvtpOptions#crops()} views averaged);
 * a clip array is one ImageNet-normalised view {@code [3, T, H, W]} in row-major order.
 *
 * <p><b>Threads and memory.</b> Instances are thread-safe: decoding and tokenisation run in the calling thread,
 * model calls are serialised by a lock and run with autograd off in a sub-manager closed before returning, so no
 * native memory outlives a call. {@link #close()} releases the weights.
 */
public final class Simvtp implements AutoCloseable {

    static {
        defaultProperty("ai.djl.offline", "true");
        defaultProperty("OPT_OUT_TRACKING", "true");
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final NDManager manager;
    private final Backbone backbone;
    private final SimvtpConfig config;
    private final SimvtpOptions options;
    private final String source;
    private final MediaSupport media;
    private String modelId;
    private boolean closed;

    private Simvtp(NDManager manager, Backbone backbone, SimvtpConfig config, SimvtpOptions options, String source) {
        this.manager = manager;
        this.backbone = backbone;
        this.config = config;
        this.options = options;
        this.source = source;
        this.media = MediaSupports.loadOrNull();
    }

    // ------------------------------------------------------------------------------------------------ creation

    /**
     * Loads the official SimVTP ViT-B weights from the local model directory ({@link ModelLocator}).
     *
     * @return the model (close it)
     * @throws ModelNotFoundException naming the directory searched and the accepted file names
     * @throws IOException if the file cannot be read
     */
    public static Simvtp pretrained() throws IOException {
        return pretrained(SimvtpOptions.defaults());
    }

    /**
     * Loads the official weights with explicit options.
     *
     * @param options inference options
     * @return the model (close it)
     * @throws ModelNotFoundException naming the directory searched and the accepted file names
     * @throws IOException if the file cannot be read
     */
    public static Simvtp pretrained(SimvtpOptions options) throws IOException {
        return load(ModelLocator.find(ModelLocator.modelDirectory()), null, options);
    }

    /**
     * Loads any SimVTP checkpoint, inferring the configuration.
     *
     * @param checkpoint a {@code .pth}/{@code .pt} or safetensors file
     * @return the model (close it)
     * @throws CheckpointFormatException if the file is not a SimVTP checkpoint or does not fit the configuration
     * @throws IOException if the file cannot be read
     */
    public static Simvtp load(Path checkpoint) throws IOException {
        return load(checkpoint, null, SimvtpOptions.defaults());
    }

    /**
     * Loads a checkpoint with a known configuration (needed when the heads or the clip geometry differ from the
     * shape-inference conventions (heads = width / 64, 224² pixels, 16 frames) and the file has no {@code config} metadata).
     *
     * @param checkpoint a {@code .pth}/{@code .pt} or safetensors file
     * @param config the model configuration, or null to read or infer it
     * @return the model (close it)
     * @throws IOException if the file cannot be read or does not fit the configuration
     */
    public static Simvtp load(Path checkpoint, SimvtpConfig config) throws IOException {
        return load(checkpoint, config, SimvtpOptions.defaults());
    }

    /**
     * Loads a checkpoint with explicit configuration and options.
     *
     * @param checkpoint a {@code .pth}/{@code .pt} or safetensors file
     * @param config the model configuration, or null to read or infer it
     * @param options inference options
     * @return the model (close it)
     * @throws IOException if the file cannot be read or does not fit the configuration
     */
    public static Simvtp load(Path checkpoint, SimvtpConfig config, SimvtpOptions options) throws IOException {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(options, "options");
        CheckpointFile file = CheckpointFile.read(checkpoint);
        SimvtpConfig resolved = config != null ? config : configOf(file);
        NDManager manager = NDManager.newBaseManager();
        boolean ok = false;
        try {
            Backbone backbone = Backbone.create(file.kind(), resolved, options.pooling());
            backbone.block().initialize(manager);
            LoadReport report;
            try (NDManager sub = manager.newSubManager()) {
                Map<String, NDArray> arrays = new LinkedHashMap<>();
                file.tensors().forEach((name, t) -> arrays.put(name, t.toNDArray(sub)));
                report = StateDictLoader.load(backbone.block(), arrays, name -> name);
            }
            if (!report.missing().isEmpty() || !report.shapeMismatches().isEmpty()) {
                throw new CheckpointFormatException(
                        checkpoint,
                        "does not fit the " + file.kind() + " model of "
                                + resolved + ": " + summary("missing", report.missing()) + ", "
                                + summary("shape mismatches", report.shapeMismatches())
                                + (config == null ? "; pass the right SimvtpConfig to Simvtp.load(path, config)" : ""));
            }
            Simvtp simvtp = new Simvtp(
                    manager,
                    backbone,
                    resolved,
                    options,
                    checkpoint.toAbsolutePath().toString());
            ok = true;
            return simvtp;
        } finally {
            if (!ok) {
                manager.close();
            }
        }
    }

    /**
     * A freshly initialised pre-training model (random weights), e.g. for tests or to start training.
     *
     * @param config the model configuration
     * @return the model (close it)
     */
    public static Simvtp fromConfig(SimvtpConfig config) {
        return fromConfig(config, ModelKind.PRETRAINING, SimvtpOptions.defaults());
    }

    /**
     * A freshly initialised model of the given kind.
     *
     * @param config the model configuration
     * @param kind two-tower or pre-training
     * @param options inference options
     * @return the model (close it)
     */
    public static Simvtp fromConfig(SimvtpConfig config, ModelKind kind, SimvtpOptions options) {
        Objects.requireNonNull(config, "config");
        NDManager manager = NDManager.newBaseManager();
        try {
            Backbone backbone = Backbone.create(kind, config, options.pooling());
            backbone.block().initialize(manager);
            return new Simvtp(manager, backbone, config, options, "random " + kind);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static SimvtpConfig configOf(CheckpointFile file) throws CheckpointFormatException {
        String json = file.metadata().get(ConfigJson.METADATA_KEY);
        if (json == null) {
            return ConfigInference.infer(file.shapes(), file.kind(), file.file());
        }
        try {
            return ConfigJson.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(
                    file.file(), "bad '" + ConfigJson.METADATA_KEY + "' metadata: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ video

    /**
     * Embeds a video file: its {@code S × C} test views (see {@link SimvtpOptions}) averaged.
     *
     * @param video the video file
     * @return the embedding, L2-normalised unless the options say otherwise
     * @throws MediaException if the file cannot be decoded
     * @throws IllegalStateException if {@code simvtp-data} is not on the class path
     */
    public float[] encodeVideo(Path video) {
        return finish(mean(runVideo(videoViews(video))));
    }

    /**
     * Decodes the test views of a video file that {@link #encodeVideo(Path)} averages: {@code S × C} views
     * (segment-major, see {@link SimvtpOptions}), each one ImageNet-normalised clip {@code [3, T, H, W]}.
     *
     * <pre>{@code
     * float[][] views = simvtp.videoViews(Path.of("clip.mp4"));   // feed to encodeVideoViews as [1, V, 3, T, H, W]
     * }</pre>
     *
     * @param video the video file
     * @return the views, row-major
     * @throws MediaException if the file cannot be decoded
     * @throws IllegalStateException if {@code simvtp-data} is not on the class path
     */
    public float[][] videoViews(Path video) {
        return media("Simvtp.videoViews(Path)").readVideoViews(video, config, options.segments(), options.crops());
    }

    /**
     * Embeds batches of multi-view clips {@code [B, V, 3, T, H, W]} as {@link #encodeVideo(Path)} does: each view
     * encoded, the V raw embeddings averaged, then L2-normalised unless the options say otherwise. The result
     * {@code [B, D]} belongs to the input's manager, intermediate arrays are freed.
     *
     * @param views ImageNet-normalised views, e.g. from {@link #videoViews(Path)}
     * @return embeddings {@code [B, D]}
     */
    public NDArray encodeVideoViews(NDArray views) {
        Shape shape = views.getShape();
        if (shape.dimension() != 6) {
            throw new IllegalArgumentException("views must be [B, V, C, T, H, W], got " + shape);
        }
        return withLock(() -> {
            try (NDManager sub = NDManager.subManagerOf(views)) {
                sub.tempAttachAll(views);
                return sub.ret(InferenceScope.call(() -> {
                    NDArray flat = views.reshape(new Shape(-1).addAll(shape.slice(2)));
                    NDArray raw = backbone.encodeVideo(flat);
                    return finish(raw.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {1}));
                }));
            }
        });
    }

    /**
     * Embeds several video files, batching their views: the views of up to {@link SimvtpOptions#maxBatch()} ÷
     * views-per-video files go through one forward pass, so short lists of files run at the batched rate.
     *
     * <pre>{@code
     * float[][] rows = simvtp.encodeVideos(List.of(Path.of("a.mp4"), Path.of("b.mp4")));
     * }</pre>
     *
     * @param videos video files
     * @return one embedding per file, in order (equal to {@link #encodeVideo(Path)} per file up to float rounding)
     * @throws MediaException if a file cannot be decoded
     */
    public float[][] encodeVideos(List<Path> videos) {
        int filesPerForward = Math.max(1, options.maxBatch() / (options.segments() * options.crops()));
        float[][] out = new float[videos.size()][];
        for (int from = 0; from < videos.size(); from += filesPerForward) {
            int to = Math.min(videos.size(), from + filesPerForward);
            List<float[]> views = new ArrayList<>();
            int[] firstView = new int[to - from + 1];
            for (int v = from; v < to; v++) {
                firstView[v - from] = views.size();
                views.addAll(Arrays.asList(videoViews(videos.get(v))));
            }
            firstView[to - from] = views.size();
            float[][] rows = runVideo(views.toArray(new float[0][]));
            for (int v = from; v < to; v++) {
                out[v] = finish(mean(Arrays.copyOfRange(rows, firstView[v - from], firstView[v - from + 1])));
            }
        }
        return out;
    }

    /**
     * Embeds one ImageNet-normalised clip {@code [3, T, H, W]} (T = numFrames, H = W = imageSize), row-major.
     *
     * @param clip the clip values
     * @return the embedding, L2-normalised unless the options say otherwise
     */
    public float[] encodeVideo(float[] clip) {
        return encodeVideos(new float[][] {clip})[0];
    }

    /**
     * Embeds clips (each one view, see {@link #encodeVideo(float[])}).
     *
     * @param clips the clips
     * @return one embedding per clip
     */
    public float[][] encodeVideos(float[][] clips) {
        float[][] raw = runVideo(clips);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = finish(raw[i]);
        }
        return raw;
    }

    /**
     * Embeds a batch of clips given as an NDArray {@code [B, 3, T, H, W]}; the result {@code [B, D]} belongs to
     * the input's manager, intermediate arrays are freed.
     *
     * @param clips ImageNet-normalised clips
     * @return embeddings, L2-normalised unless the options say otherwise
     */
    public NDArray encodeVideo(NDArray clips) {
        return withLock(() -> {
            try (NDManager sub = NDManager.subManagerOf(clips)) {
                sub.tempAttachAll(clips);
                return sub.ret(InferenceScope.call(() -> finish(backbone.encodeVideo(clips))));
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ text

    /**
     * Embeds one caption.
     *
     * @param caption the caption
     * @return the embedding, L2-normalised unless the options say otherwise
     * @throws IllegalStateException if {@code simvtp-data} is not on the class path
     */
    public float[] encodeText(String caption) {
        return encodeTexts(List.of(caption))[0];
    }

    /**
     * Embeds captions as one batch (padded to the longest; with the reference pooling, a caption's embedding
     * depends on that length — spec §11 item 8; use {@link org.simvtp.models.DualEncoder.Pooling#MASK_AWARE} to
     * avoid it).
     *
     * @param captions the captions
     * @return one embedding per caption
     */
    public float[][] encodeTexts(String... captions) {
        return encodeTexts(Arrays.asList(captions));
    }

    /**
     * Embeds captions as one batch (see {@link #encodeTexts(String...)}).
     *
     * @param captions at least one caption
     * @return one embedding per caption
     * @throws IllegalStateException if {@code simvtp-data} is not on the class path
     */
    public float[][] encodeTexts(List<String> captions) {
        TokenizedText t = tokenize(captions);
        return encodeTokenIds(t.ids(), t.attentionMask());
    }

    /**
     * Tokenises captions as {@link #encodeTexts(List)} does (bert-base-uncased, padded to the longest caption).
     *
     * <pre>{@code
     * TokenizedText t = simvtp.tokenize(List.of("a dog runs"));   // ids [[101, 1037, 3899, 3216, 102]]
     * }</pre>
     *
     * @param captions at least one caption
     * @return ids and attention mask {@code [B, L]}
     * @throws IllegalStateException if {@code simvtp-data} is not on the class path
     */
    public TokenizedText tokenize(List<String> captions) {
        return media("Simvtp.tokenize").tokenize(captions);
    }

    /**
     * Embeds already tokenised captions.
     *
     * @param ids token ids {@code [B][L]}, each below the model's vocabulary size
     * @param attentionMask 1 for real tokens, 0 for padding, {@code [B][L]}
     * @return one embedding per row, L2-normalised unless the options say otherwise
     */
    public float[][] encodeTokenIds(long[][] ids, long[][] attentionMask) {
        TokenizedText text = new TokenizedText(ids, attentionMask);
        checkVocabulary(ids);
        float[][] out = new float[text.size()][];
        for (int from = 0; from < out.length; from += options.maxBatch()) {
            int to = Math.min(out.length, from + options.maxBatch());
            long[][] idRows = Arrays.copyOfRange(ids, from, to);
            long[][] maskRows = Arrays.copyOfRange(attentionMask, from, to);
            float[][] part = withModel(sub -> rows(backbone.encodeText(sub.create(idRows), sub.create(maskRows))));
            System.arraycopy(part, 0, out, from, part.length);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = finish(out[i]);
        }
        return out;
    }

    /**
     * Embeds token ids given as NDArrays {@code [B, L]} (int64); the result {@code [B, D]} belongs to the ids'
     * manager.
     *
     * @param ids token ids
     * @param attentionMask 1 for real tokens, 0 for padding
     * @return embeddings, L2-normalised unless the options say otherwise
     */
    public NDArray encodeText(NDArray ids, NDArray attentionMask) {
        return withLock(() -> {
            try (NDManager sub = NDManager.subManagerOf(ids)) {
                sub.tempAttachAll(ids, attentionMask);
                return sub.ret(InferenceScope.call(() -> finish(backbone.encodeText(ids, attentionMask))));
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ similarity

    /**
     * Cosine similarity of two vectors (0 when either is zero).
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return the cosine in {@code [-1, 1]}
     */
    public static float cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        double denominator = Math.sqrt(na) * Math.sqrt(nb);
        return denominator == 0 ? 0f : (float) (dot / denominator);
    }

    /**
     * Cosine similarities of every row of {@code rows} with every row of {@code columns}.
     *
     * @param rows e.g. caption embeddings
     * @param columns e.g. video embeddings
     * @return {@code [rows][columns]}
     */
    public static float[][] cosine(float[][] rows, float[][] columns) {
        float[][] out = new float[rows.length][columns.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < columns.length; j++) {
                out[i][j] = cosine(rows[i], columns[j]);
            }
        }
        return out;
    }

    /**
     * Cosine similarity of a caption and a video file.
     *
     * @param caption the caption
     * @param video the video file
     * @return the score
     */
    public float similarity(String caption, Path video) {
        return cosine(encodeText(caption), encodeVideo(video));
    }

    /**
     * Text-to-video similarity matrix: rows are captions (embedded as one batch), columns are videos.
     *
     * @param captions the captions
     * @param videos the video files
     * @return {@code [captions][videos]} cosine similarities
     */
    public float[][] similarity(List<String> captions, List<Path> videos) {
        return cosine(encodeTexts(captions), encodeVideos(videos));
    }

    // ------------------------------------------------------------------------------------------------ reconstruction

    /**
     * Masks the first test view of a video file and a caption and shows what the pre-training model fills in
     * (spec §9), with the default options (seed 0, the configuration's mask ratios, reference de-normalisation).
     *
     * @param video the video file
     * @param caption the caption
     * @return frames and captions; {@link Reconstruction#writePng(Path)} draws the grid
     * @throws IllegalStateException if this is not a pre-training model or {@code simvtp-data} is missing
     */
    public Reconstruction reconstruct(Path video, String caption) {
        return reconstruct(video, caption, ReconstructionOptions.defaults());
    }

    /**
     * Reconstruction of a video file's centre test view (every 4th frame, short side resized, centre window and
     * centre crop). The reference visualisation instead takes frames 80, 82, …, 110 centre-cropped at native
     * resolution (spec §9); pass such a clip to {@link #reconstruct(float[], String, ReconstructionOptions)} to
     * reproduce that exactly.
     *
     * @param video the video file
     * @param caption the caption
     * @param opts seed, mask ratios and display
     * @return frames and captions
     */
    public Reconstruction reconstruct(Path video, String caption, ReconstructionOptions opts) {
        MediaSupport m = media("Simvtp.reconstruct(Path, String)");
        float[] clip = m.readVideoViews(video, config, 1, 1)[0];
        return reconstruct(clip, caption, opts);
    }

    /**
     * Reconstruction of one ImageNet-normalised clip {@code [3, T, H, W]}.
     *
     * @param clip the clip
     * @param caption the caption
     * @param opts seed, mask ratios and display
     * @return frames and captions
     */
    public Reconstruction reconstruct(float[] clip, String caption, ReconstructionOptions opts) {
        if (!(backbone instanceof Backbone.Pretraining)) {
            throw new IllegalStateException("reconstruction needs a pre-training checkpoint (decoder and MLM head); "
                    + "this is a " + backbone.kind() + " model from " + source);
        }
        MediaSupport m = media("Simvtp.reconstruct");
        checkClip(clip);
        Reconstructor reconstructor = new Reconstructor(((Backbone.Pretraining) backbone).model(), m, opts);
        TokenizedText text = m.tokenize(List.of(caption));
        checkVocabulary(text.ids());
        return withModel(sub -> reconstructor.run(sub, clip, caption, text));
    }

    // ------------------------------------------------------------------------------------------------ saving, info

    /**
     * Saves the weights as safetensors in reference key names, with the configuration ({@code config}) and the
     * model kind in the metadata, so that {@link #load(Path)} restores exactly this model.
     *
     * @param file the file to write (replaced atomically)
     * @throws IOException if it cannot be written
     */
    public void save(Path file) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            saveWeights(backbone.block(), config, backbone.kind(), file);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Saves any SimVTP model (e.g. one just trained) in the format {@link #load(Path)} reads: safetensors with
     * reference key names and the configuration and model kind in the metadata.
     *
     * <pre>{@code
     * Simvtp.saveWeights(trainer.model(), config, ModelKind.PRETRAINING, Path.of("tiny.safetensors"));
     * }</pre>
     *
     * @param model the model
     * @param config its configuration
     * @param kind pre-training or two-tower
     * @param file the file to write (replaced atomically)
     * @throws IOException if it cannot be written
     */
    public static void saveWeights(ReferenceBlock model, SimvtpConfig config, ModelKind kind, Path file)
            throws IOException {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> arrays.put(name, p.getArray()));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(ConfigJson.METADATA_KEY, ConfigJson.toJson(config));
        metadata.put("simvtp.kind", kind.name());
        SafetensorsWriter.writeArrays(file, arrays, metadata);
    }

    /**
     * The model configuration.
     *
     * @return the configuration
     */
    public SimvtpConfig config() {
        return config;
    }

    /**
     * The inference options.
     *
     * @return the options
     */
    public SimvtpOptions options() {
        return options;
    }

    /**
     * Which model this is.
     *
     * @return the kind
     */
    public ModelKind kind() {
        return backbone.kind();
    }

    /**
     * Length of the embeddings (the encoder width).
     *
     * @return D
     */
    public int embeddingSize() {
        return config.encoderWidth();
    }

    /**
     * Where the weights came from (the checkpoint's absolute path, or {@code random <kind>}).
     *
     * @return a description
     */
    public String source() {
        return source;
    }

    /**
     * Whether video files and captions can be read ({@code simvtp-data} is on the class path).
     *
     * @return true when media support is present
     */
    public boolean hasMediaSupport() {
        return media != null;
    }

    /**
     * A fingerprint of the weights, configuration and video views (what determines a video embedding), e.g. to
     * tell whether stored embeddings are still valid: {@code simvtp-<kind>-<16 hex digits>}.
     *
     * @return the id
     */
    public String modelId() {
        lock.lock();
        try {
            ensureOpen();
            if (modelId == null) {
                modelId = "simvtp-" + backbone.kind().name().toLowerCase(java.util.Locale.ROOT) + "-" + fingerprint();
            }
            return modelId;
        } finally {
            lock.unlock();
        }
    }

    /** SHA-256 over config, views and, per parameter, name, shape, sum and first values. */
    private String fingerprint() {
        try (NDManager sub = manager.newSubManager()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((config + "|" + options.segments() + "x" + options.crops()).getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, Parameter> e :
                    backbone.block().namedParameters().entrySet()) {
                NDArray a = e.getValue().getArray();
                sha.update((e.getKey() + a.getShape()).getBytes(StandardCharsets.UTF_8));
                NDArray flat = a.flatten();
                flat.attach(sub); // results of ops on flat land in sub as well
                ByteBuffer head = flat.get("0:" + Math.min(64, flat.size())).toByteBuffer();
                sha.update(head);
                sha.update(flat.sum().toByteBuffer());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Releases the weights and the media provider; later calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            manager.close();
            if (media != null) {
                media.close();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Simvtp{" + backbone.kind() + ", " + source + ", width " + config.encoderWidth() + ", depth "
                + config.encoderDepth() + "}";
    }

    // ------------------------------------------------------------------------------------------------ internals

    /** Raw per-clip embeddings, in batches of at most {@code maxBatch}. */
    private float[][] runVideo(float[][] clips) {
        for (float[] clip : clips) {
            checkClip(clip);
        }
        Shape one = new Shape(config.channels(), config.numFrames(), config.imageSize(), config.imageSize());
        int size = Math.toIntExact(one.size());
        float[][] out = new float[clips.length][];
        for (int from = 0; from < clips.length; from += options.maxBatch()) {
            int to = Math.min(clips.length, from + options.maxBatch());
            float[] batch = new float[(to - from) * size];
            for (int i = from; i < to; i++) {
                System.arraycopy(clips[i], 0, batch, (i - from) * size, size);
            }
            Shape shape = new Shape(to - from, one.get(0), one.get(1), one.get(2), one.get(3));
            float[][] part = withModel(sub -> rows(backbone.encodeVideo(sub.create(batch, shape))));
            System.arraycopy(part, 0, out, from, part.length);
        }
        return out;
    }

    private void checkClip(float[] clip) {
        long expected = (long) config.channels() * config.numFrames() * config.imageSize() * config.imageSize();
        if (clip == null || clip.length != expected) {
            throw new IllegalArgumentException("a clip must hold [" + config.channels() + ", " + config.numFrames()
                    + ", " + config.imageSize() + ", " + config.imageSize() + "] = " + expected + " values, got "
                    + (clip == null ? "null" : clip.length));
        }
    }

    private void checkVocabulary(long[][] ids) {
        for (long[] row : ids) {
            for (long id : row) {
                if (id < 0 || id >= config.vocabSize()) {
                    throw new IllegalArgumentException("token id " + id + " is outside the model's vocabulary [0, "
                            + config.vocabSize() + "); the model was built for a different tokenizer");
                }
            }
        }
    }

    /** Runs {@code body} under the lock, with grad mode off, in a sub-manager of the weights' manager. */
    private <T> T withModel(Function<NDManager, T> body) {
        return withLock(() -> {
            try (NDManager sub = manager.newSubManager()) {
                return InferenceScope.call(() -> body.apply(sub));
            }
        });
    }

    private <T> T withLock(java.util.function.Supplier<T> body) {
        lock.lock();
        try {
            ensureOpen();
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** The media provider, or an {@link IllegalStateException} explaining how to add it. */
    MediaSupport media(String operation) {
        return MediaSupports.require(mediaOrClosed(), operation);
    }

    private MediaSupport mediaOrClosed() {
        lock.lock();
        try {
            ensureOpen();
            return media;
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this Simvtp instance is closed");
        }
    }

    private NDArray finish(NDArray embeddings) {
        if (!options.normalize()) {
            return embeddings;
        }
        return embeddings.div(
                embeddings.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f));
    }

    private float[] finish(float[] embedding) {
        return options.normalize() ? Vectors.normalised(embedding) : embedding;
    }

    private static float[] mean(float[][] rows) {
        float[] out = new float[rows[0].length];
        for (float[] row : rows) {
            for (int i = 0; i < out.length; i++) {
                out[i] += row[i];
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= rows.length;
        }
        return out;
    }

    private static float[][] rows(NDArray matrix) {
        int n = Math.toIntExact(matrix.getShape().get(0));
        int d = Math.toIntExact(matrix.getShape().get(1));
        float[] flat = matrix.toFloatArray();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return out;
    }

    private static String summary(String label, List<String> names) {
        if (names.isEmpty()) {
            return "no " + label;
        }
        List<String> shown = new ArrayList<>(names.subList(0, Math.min(5, names.size())));
        if (names.size() > shown.size()) {
            shown.add("... " + (names.size() - shown.size()) + " more");
        }
        return names.size() + " " + label + " " + shown;
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
