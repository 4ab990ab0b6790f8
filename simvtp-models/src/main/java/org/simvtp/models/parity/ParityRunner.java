package org.simvtp.models.parity;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.SinusoidTable;
import org.simvtp.core.masking.VideoMask;
import org.simvtp.core.metrics.RetrievalMetrics;
import org.simvtp.core.metrics.RetrievalReport;
import org.simvtp.core.metrics.RetrievalScores;
import org.simvtp.models.DualEncoder;
import org.simvtp.models.PretrainInputs;
import org.simvtp.models.PretrainOutput;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.checkpoint.LoadReport;
import org.simvtp.models.checkpoint.SafetensorsReader;
import org.simvtp.models.checkpoint.StateDictLoader;
import org.simvtp.models.checkpoint.TensorData;
import org.simvtp.models.checkpoint.TorchCheckpointReader;
import org.simvtp.models.objective.Losses;

/**
 * Compares this implementation with golden tensors produced by the reference code (a parity bundle: see
 * {@code shared/parity/README.md}): loads the bundle's {@code torch.save} checkpoints through our own reader,
 * runs the pre-training forward and backward pass and the two-tower model in eval mode, and checks every
 * expected tensor, loss, listed gradient and retrieval metric against the bundle's tolerances.
 *
 * <p>Tolerances: forward tensors and gradients max |Δ| ≤ 1e-4 · max(1, max |expected|); losses relative error
 * ≤ 1e-5; metrics absolute error ≤ 1e-9.
 *
 * <pre>{@code
 * ParityReport report = ParityRunner.run(Path.of("parity/simvtp-tiny"));
 * System.out.print(report.table());
 * }</pre>
 */
public final class ParityRunner {

    private static final double TENSOR_TOLERANCE = 1e-4;
    private static final double LOSS_TOLERANCE = 1e-5;
    private static final double METRIC_TOLERANCE = 1e-9;

    private ParityRunner() {}

    /**
     * Runs every comparison of the bundle in {@code bundle}.
     *
     * @param bundle a directory with manifest.json, pretrain-checkpoint.pth, finetune-model_states.pt,
     *     inputs.safetensors, expected.safetensors and metrics-input.safetensors
     * @return the report (never throws for numeric mismatches)
     * @throws IOException if a file is missing or malformed
     */
    public static ParityReport run(Path bundle) throws IOException {
        JsonObject manifest = JsonParser.parseString(Files.readString(bundle.resolve("manifest.json")))
                .getAsJsonObject();
        SimvtpConfig config = configOf(manifest.getAsJsonObject("config"));
        List<ParityCheck> checks = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> in =
                    SafetensorsReader.read(bundle.resolve("inputs.safetensors")).toNDArrays(m);
            Map<String, NDArray> ex = SafetensorsReader.read(bundle.resolve("expected.safetensors"))
                    .toNDArrays(m);
            pretraining(bundle, manifest, config, m, in, ex, checks);
            finetuning(bundle, config, m, in, ex, checks);
            metrics(bundle, manifest, m, checks);
        }
        return new ParityReport(bundle.toString(), List.copyOf(checks));
    }

    private static void pretraining(
            Path bundle,
            JsonObject manifest,
            SimvtpConfig config,
            NDManager m,
            Map<String, NDArray> in,
            Map<String, NDArray> ex,
            List<ParityCheck> checks)
            throws IOException {
        SimvtpPretrainModel model =
                SimvtpPretrainModel.builder().setConfig(config).build();
        model.initialize(m);
        Path pth = bundle.resolve("pretrain-checkpoint.pth");
        checks.add(loadCheck(
                "load pretrain-checkpoint.pth [model]",
                StateDictLoader.load(model, arrays(TorchCheckpointReader.readStateDict(pth, "model"), m), n -> n)));
        compare(checks, "sinusoid_enc", SinusoidTable.create(m, config.numVideoTokens(), config.encoderWidth()), ex);
        compare(checks, "sinusoid_dec", SinusoidTable.create(m, config.numVideoTokens(), config.decoderWidth()), ex);
        compare(checks, "patch_embed_plus_pos", model.encoder().embedVideo(in.get("video")), ex);
        PretrainInputs inputs = new PretrainInputs(
                in.get("video"),
                maskOf(in.get("mask")),
                in.get("input_ids"),
                in.get("attention_mask"),
                in.get("mlm_labels"),
                in.get("vtm_negative_index"));
        PretrainOutput out;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            out = model.forward(inputs, false, new Random(0));
            gc.backward(out.lossTotal());
        }
        compare(checks, "joint_encoder_out", out.jointTokens(), ex);
        compare(checks, "mlm_logits", out.mlmLogits(), ex);
        compare(checks, "pixel_target", out.pixelTargets(), ex);
        compare(checks, "decoder_pred", out.decoderPrediction(), ex);
        compare(checks, "vtc_text_feat", out.vtcTextFeatures(), ex);
        compare(checks, "vtc_video_feat", out.vtcVideoFeatures(), ex);
        compare(checks, "vtc_sim", out.vtcSimilarity(), ex);
        compare(checks, "vtm_logits", out.vtmLogits(), ex);
        compareLoss(checks, "loss_v", out.lossVideo(), ex);
        compareLoss(checks, "loss_t", out.lossText(), ex);
        compareLoss(checks, "loss_vtc", out.lossVtc(), ex);
        compareLoss(checks, "loss_vtm", out.lossVtm(), ex);
        compareLoss(checks, "loss_total", out.lossTotal(), ex);
        var params = model.namedParameters();
        for (JsonElement e : manifest.getAsJsonArray("grad_names")) {
            String name = e.getAsString();
            if (!params.containsKey(name)) {
                checks.add(new ParityCheck("grad." + name, Double.NaN, TENSOR_TOLERANCE, false, "no such parameter"));
                continue;
            }
            NDArray grad = params.get(name).getArray().getGradient();
            grad.attach(m);
            compare(checks, "grad." + name, grad, ex);
        }
    }

    private static void finetuning(
            Path bundle,
            SimvtpConfig config,
            NDManager m,
            Map<String, NDArray> in,
            Map<String, NDArray> ex,
            List<ParityCheck> checks)
            throws IOException {
        DualEncoder dual = new DualEncoder(config);
        dual.initialize(m);
        Path pt = bundle.resolve("finetune-model_states.pt");
        checks.add(loadCheck(
                "load finetune-model_states.pt [module]",
                StateDictLoader.load(dual, arrays(TorchCheckpointReader.readStateDict(pt, "module"), m), n -> n)));
        NDArray video = dual.encodeVideo(in.get("video"), false);
        NDArray text = dual.encodeText(in.get("raw_input_ids"), in.get("attention_mask"), false);
        compare(checks, "ft_video_emb", video, ex);
        compare(checks, "ft_text_emb", text, ex);
        compare(checks, "ft_sim", Losses.cosineSimilarity(text, video), ex);
    }

    private static void metrics(Path bundle, JsonObject manifest, NDManager m, List<ParityCheck> checks)
            throws IOException {
        Map<String, NDArray> sims = SafetensorsReader.read(bundle.resolve("metrics-input.safetensors"))
                .toNDArrays(m);
        JsonObject expected = manifest.getAsJsonObject("metrics");
        for (String caseName : expected.keySet()) {
            NDArray matrix = sims.get("metric_sims_" + caseName.replace("case", ""));
            if (matrix == null) {
                checks.add(new ParityCheck(caseName, Double.NaN, METRIC_TOLERANCE, false, "no similarity matrix"));
                continue;
            }
            RetrievalReport report = RetrievalMetrics.evaluate(RetrievalMetrics.toMatrix(matrix));
            compareScores(
                    checks,
                    caseName + ".t2v",
                    report.textToVideo(),
                    expected.getAsJsonObject(caseName).getAsJsonObject("t2v"));
            compareScores(
                    checks,
                    caseName + ".v2t",
                    report.videoToText(),
                    expected.getAsJsonObject(caseName).getAsJsonObject("v2t"));
        }
    }

    private static void compareScores(List<ParityCheck> checks, String name, RetrievalScores got, JsonObject want) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("R1", got.r1());
        values.put("R5", got.r5());
        values.put("R10", got.r10());
        values.put("R50", got.r50());
        values.put("MedR", got.medianRank());
        values.put("MeanR", got.meanRank());
        values.put("geometric_mean_R1-R5-R10", got.geometricMeanR1R5R10());
        double worst = 0;
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (!want.has(e.getKey())) {
                missing.add(e.getKey());
                continue;
            }
            worst = Math.max(worst, Math.abs(e.getValue() - want.get(e.getKey()).getAsDouble()));
        }
        checks.add(new ParityCheck(
                name,
                worst,
                METRIC_TOLERANCE,
                worst <= METRIC_TOLERANCE,
                missing.isEmpty() ? "" : "not in manifest: " + missing));
    }

    private static ParityCheck loadCheck(String name, LoadReport report) {
        return new ParityCheck(
                name, report.isExact() ? 0 : 1, 0, report.isExact(), report.isExact() ? "" : report.toString());
    }

    private static void compare(List<ParityCheck> checks, String name, NDArray got, Map<String, NDArray> ex) {
        NDArray want = ex.get(name);
        if (want == null) {
            checks.add(new ParityCheck(name, Double.NaN, TENSOR_TOLERANCE, false, "not in expected.safetensors"));
            return;
        }
        if (got.getShape().size() != want.getShape().size()) {
            checks.add(new ParityCheck(
                    name,
                    Double.NaN,
                    TENSOR_TOLERANCE,
                    false,
                    "shape " + got.getShape() + " vs expected " + want.getShape()));
            return;
        }
        float[] a = got.toType(DataType.FLOAT32, false).toFloatArray();
        float[] b = want.toType(DataType.FLOAT32, false).toFloatArray();
        double worst = 0;
        double scale = 1;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs((double) a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
            if (Double.isNaN(a[i])) {
                worst = Double.POSITIVE_INFINITY;
            }
        }
        double tolerance = TENSOR_TOLERANCE * scale;
        String note =
                got.getShape().equals(want.getShape()) ? "" : "shape " + got.getShape() + " vs " + want.getShape();
        checks.add(new ParityCheck(name, worst, tolerance, worst <= tolerance, note));
    }

    private static void compareLoss(List<ParityCheck> checks, String name, NDArray got, Map<String, NDArray> ex) {
        NDArray want = ex.get(name);
        if (want == null) {
            checks.add(new ParityCheck(name, Double.NaN, LOSS_TOLERANCE, false, "not in expected.safetensors"));
            return;
        }
        double a = got.getFloat();
        double b = want.toFloatArray()[0];
        double relative = Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
        checks.add(new ParityCheck(name + " (relative)", relative, LOSS_TOLERANCE, relative <= LOSS_TOLERANCE, ""));
    }

    private static Map<String, NDArray> arrays(Map<String, TensorData> tensors, NDManager m) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(k, v.toNDArray(m)));
        return out;
    }

    private static VideoMask maskOf(NDArray mask) {
        int b = Math.toIntExact(mask.getShape().get(0));
        int n = Math.toIntExact(mask.getShape().get(1));
        int[] flags = mask.toType(DataType.INT32, false).toIntArray();
        boolean[][] masked = new boolean[b][n];
        for (int i = 0; i < flags.length; i++) {
            masked[i / n][i % n] = flags[i] != 0;
        }
        return VideoMask.of(masked);
    }

    /** The model configuration described by a bundle manifest's {@code config} object. */
    public static SimvtpConfig configOf(JsonObject c) {
        return SimvtpConfig.builder()
                .optImageSize(c.get("img_size").getAsInt())
                .optPatchSize(c.get("patch_size").getAsInt())
                .optTubeletSize(c.get("tubelet_size").getAsInt())
                .optNumFrames(c.get("num_frames").getAsInt())
                .optEncoderWidth(c.get("embed_dim").getAsInt())
                .optEncoderDepth(c.get("depth").getAsInt())
                .optEncoderHeads(c.get("num_heads").getAsInt())
                .optDecoderWidth(c.get("decoder_embed_dim").getAsInt())
                .optDecoderDepth(c.get("decoder_depth").getAsInt())
                .optDecoderHeads(c.get("decoder_num_heads").getAsInt())
                .optVocabSize(c.get("vocab_size").getAsInt())
                .optMaxTextPositions(c.get("max_text_positions").getAsInt())
                .optMlpRatio(c.get("mlp_ratio").getAsDouble())
                .optLayerNormEps(c.get("layer_norm_eps").getAsDouble())
                .optTextLayerNormEps(c.get("text_layer_norm_eps").getAsDouble())
                .optVideoMaskRatio(c.get("mask_ratio").getAsDouble())
                .optTextMaskRatio(c.get("text_mask_ratio").getAsDouble())
                .optVtcTemperature(c.get("vtc_temperature").getAsDouble())
                .build();
    }
}
