package org.simvtp.models.facade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import java.util.SplittableRandom;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.ReferenceTextMasking;
import org.simvtp.core.masking.TextMaskingConfig;
import org.simvtp.core.masking.TextMaskingResult;
import org.simvtp.core.masking.TubeMasking;
import org.simvtp.core.masking.VideoMask;
import org.simvtp.core.spi.MediaSupport;
import org.simvtp.core.spi.TokenizedText;
import org.simvtp.core.video.VideoPatchifier;
import org.simvtp.models.PretrainInputs;
import org.simvtp.models.PretrainOutput;
import org.simvtp.models.SimvtpPretrainModel;

/**
 * Runs the masked reconstruction of spec §9 on one clip and caption: a seeded tube mask and reference text
 * masking, the pre-training forward pass in eval mode (joint pass, decoder, MLM head; the contrastive and
 * matching outputs are ignored), then pixels and captions for display.
 *
 * <p>Pixels: visible patches are the ground truth; masked patches are the decoder's prediction shown as chosen by
 * {@link ReconstructionOptions.Display}. The "masked" frames are the reconstruction with masked patches black, as
 * the reference's {@code mask_img}. Captions: masked positions shown as {@code [mask]}; the prediction is the
 * argmax token at masked positions and the original elsewhere; both are vocabulary pieces joined by spaces,
 * {@code [CLS]}/{@code [SEP]} included, as the reference prints them.
 */
final class Reconstructor {

    private static final float EPS = VideoPatchifier.TARGET_EPS;

    private final SimvtpPretrainModel model;
    private final SimvtpConfig config;
    private final MediaSupport media;
    private final ReconstructionOptions options;

    Reconstructor(SimvtpPretrainModel model, MediaSupport media, ReconstructionOptions options) {
        this.model = model;
        this.config = model.config();
        this.media = media;
        this.options = options;
    }

    /** Runs in {@code manager} (closed by the caller); {@code text} holds one tokenised caption. */
    Reconstruction run(NDManager manager, float[] clip, String caption, TokenizedText text) {
        SplittableRandom root = new SplittableRandom(options.seed());
        double videoRatio = options.videoMaskRatio().orElse(config.videoMaskRatio());
        double textRatio = options.textMaskRatio().orElse(config.textMaskRatio());
        VideoMask videoMask =
                new TubeMasking(config.gridTime(), config.tokensPerFrame(), videoRatio).sample(1, root.split());
        TextMaskingResult textMask = new ReferenceTextMasking(TextMaskingConfig.builder()
                        .optProbability(textRatio)
                        .optVocabSize(config.vocabSize())
                        .build())
                .mask(text.ids(), root.split());

        Shape clipShape = new Shape(1, config.channels(), config.numFrames(), config.imageSize(), config.imageSize());
        NDArray video = manager.create(clip, clipShape);
        PretrainInputs inputs = new PretrainInputs(
                video,
                videoMask,
                manager.create(textMask.maskedIds()),
                manager.create(text.attentionMask()),
                manager.create(textMask.labels()),
                manager.create(new long[] {0}));
        PretrainOutput out = model.forward(inputs, false, new Random(0));
        float[] prediction = out.decoderPrediction().toFloatArray();
        long[] argmax = out.mlmLogits().argMax(2).toLongArray();

        VideoPatchifier patchifier = VideoPatchifier.of(config);
        float[] truth = patchifier.patchify(video).toFloatArray();
        float[] reconstructed = truth.clone();
        float[] visibleOnly = truth.clone();
        int patchDim = patchifier.patchDim();
        int[] masked = videoMask.maskedIndices()[0];
        for (int k = 0; k < masked.length; k++) {
            int offset = masked[k] * patchDim;
            fillPatch(reconstructed, offset, truth, prediction, k * patchDim);
            java.util.Arrays.fill(visibleOnly, offset, offset + patchDim, 0f);
        }
        Shape tokens = new Shape(1, patchifier.numTokens(), patchDim);
        float[] original = pixels(patchifier, manager.create(truth, tokens));
        float[] maskedPixels = pixels(patchifier, manager.create(visibleOnly, tokens));
        float[] reconstructedPixels = pixels(patchifier, manager.create(reconstructed, tokens));

        long[] ids = text.ids()[0];
        long[] maskedIds = textMask.maskedIds()[0];
        long[] labels = textMask.labels()[0];
        long[] predicted = ids.clone();
        StringBuilder maskedCaption = new StringBuilder();
        StringBuilder predictedCaption = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            boolean isMasked = labels[i] != TextMaskingResult.IGNORE_INDEX;
            if (isMasked) {
                predicted[i] = argmax[i];
            }
            appendPiece(maskedCaption, isMasked ? "[mask]" : media.token(maskedIds[i]));
            appendPiece(predictedCaption, media.token(predicted[i]));
        }
        return new Reconstruction(
                config.numFrames(),
                config.imageSize(),
                config.imageSize(),
                original,
                maskedPixels,
                reconstructedPixels,
                videoMask,
                caption,
                maskedCaption.toString(),
                predictedCaption.toString(),
                media.decodeTokens(predicted),
                textMask.selectedCount(),
                options);
    }

    /** Writes the display values of one masked patch (channel-fastest layout) into {@code target}. */
    private void fillPatch(float[] target, int offset, float[] truth, float[] prediction, int predOffset) {
        int channels = config.channels();
        int pixels = config.patchDim() / channels;
        for (int c = 0; c < channels; c++) {
            float mean;
            float std;
            if (options.display() == ReconstructionOptions.Display.GROUND_TRUTH_STATISTICS) {
                double sum = 0;
                for (int p = 0; p < pixels; p++) {
                    sum += truth[offset + p * channels + c];
                }
                double mu = sum / pixels;
                double squares = 0;
                for (int p = 0; p < pixels; p++) {
                    double d = truth[offset + p * channels + c] - mu;
                    squares += d * d;
                }
                mean = (float) mu;
                std = (float) Math.sqrt(squares / Math.max(1, pixels - 1)) + EPS;
            } else {
                mean = 0.5f;
                std = 0.25f;
            }
            for (int p = 0; p < pixels; p++) {
                int i = p * channels + c;
                target[offset + i] = prediction[predOffset + i] * std + mean;
            }
        }
    }

    /** Tokens [1, N, P] → clip values [C, T, H, W] clamped to [0, 1]. */
    private static float[] pixels(VideoPatchifier patchifier, NDArray tokens) {
        float[] values = patchifier.unpatchify(tokens).toFloatArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.min(1f, Math.max(0f, values[i]));
        }
        return values;
    }

    private static void appendPiece(StringBuilder sb, String piece) {
        if (sb.length() > 0) {
            sb.append(' ');
        }
        sb.append(piece);
    }
}
