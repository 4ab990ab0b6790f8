package org.simvtp.train.recipes;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.dataset.VideoTextRecord;
import org.simvtp.data.text.BertTokenizer;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;
import org.simvtp.train.eval.EmbeddingModel;
import org.simvtp.train.eval.RetrievalEvaluator;
import org.simvtp.train.eval.RetrievalResult;
import org.simvtp.train.eval.TestViews;

/**
 * Text-video retrieval evaluation of a checkpoint on annotated videos (spec §8): {@code S × C} test views per
 * video averaged, cosine similarity, R@1/5/10/50, MedR and MeanR in both directions with chance levels. A
 * pre-training checkpoint is evaluated zero-shot, a two-tower checkpoint as fine-tuned.
 *
 * <pre>{@code
 * RetrievalResult r = EvaluateJob.run(Path.of("model.safetensors"), records, 3, 3, System.err);
 * System.out.println(r.format());
 * }</pre>
 */
public final class EvaluateJob {

    /** Reference temporal segments per video. */
    public static final int REFERENCE_SEGMENTS = 3;
    /** Reference spatial crops per segment. */
    public static final int REFERENCE_CROPS = 3;

    private EvaluateJob() {}

    /**
     * Reads annotated videos, loads a checkpoint, evaluates it, prints the scores and, if asked, writes them as
     * JSON (what {@code simvtp evaluate} runs).
     *
     * @param checkpoint the checkpoint, or null for the official weights ({@link Simvtp#pretrained})
     * @param annotations annotation file or caption folder of the test videos
     * @param format its format, or null to detect it
     * @param root folder relative video paths are resolved against, or null for the annotation file's folder
     * @param segments temporal views S (&gt; 1)
     * @param crops spatial views C (&gt; 1)
     * @param json where to write {@link RetrievalResult#toJson()} (parent folders are created), or null
     * @param out where the scores are printed
     * @param warnings where data warnings go
     * @return the scores
     * @throws IOException if the annotations or the checkpoint cannot be read, or the JSON cannot be written
     */
    public static RetrievalResult run(
            Path checkpoint,
            Path annotations,
            DataFormat format,
            Path root,
            int segments,
            int crops,
            Path json,
            PrintStream out,
            PrintStream warnings)
            throws IOException {
        List<VideoTextRecord> records = Annotations.read(annotations, format, root, warnings);
        RetrievalResult result = run(checkpoint, records, segments, crops, warnings);
        out.println(result.format());
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(json, result.toJson(), StandardCharsets.UTF_8);
            out.println("scores written to " + json);
        }
        return result;
    }

    /**
     * Loads a checkpoint and evaluates it.
     *
     * @param checkpoint the checkpoint, or null for the official weights ({@link Simvtp#pretrained})
     * @param records the benchmark's (video, caption) pairs
     * @param segments temporal views S (&gt; 1)
     * @param crops spatial views C (&gt; 1)
     * @param warnings where data warnings go
     * @return the scores
     * @throws IOException if the checkpoint cannot be read
     */
    public static RetrievalResult run(
            Path checkpoint, List<VideoTextRecord> records, int segments, int crops, PrintStream warnings)
            throws IOException {
        try (Simvtp simvtp = Checkpoints.open(
                checkpoint,
                SimvtpOptions.builder().optNormalize(false).optMaxBatch(12).build())) {
            return evaluate(new SimvtpEmbeddingModel(simvtp), simvtp.config(), records, segments, crops, warnings);
        }
    }

    /**
     * Evaluates a model.
     *
     * @param model the embedding model (e.g. {@code EmbeddingModel.of(trainer.model())})
     * @param config its configuration (frames and image size of the views)
     * @param records the benchmark's (video, caption) pairs
     * @param segments temporal views S (&gt; 1)
     * @param crops spatial views C (&gt; 1)
     * @param warnings where data warnings go
     * @return the scores
     */
    public static RetrievalResult evaluate(
            EmbeddingModel model,
            SimvtpConfig config,
            List<VideoTextRecord> records,
            int segments,
            int crops,
            PrintStream warnings) {
        TestViews views = TestViews.forConfig(config).toBuilder()
                .optSegments(segments)
                .optCrops(crops)
                .build();
        try (BertTokenizer tokenizer = BertTokenizer.create()) {
            return RetrievalEvaluator.builder(model, tokenizer::encodeBatch)
                    .optViews(views)
                    .build()
                    .evaluate(RetrievalItems.fromRecords(records, warnings));
        }
    }
}
