package org.simvtp.models.facade;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.checkpoint.CheckpointFormatException;

/**
 * Guesses a {@link SimvtpConfig} from the tensor shapes of a checkpoint in reference key names.
 *
 * <p>Read from shapes: encoder width, channels, tubelet and patch size (patch-embed weight
 * {@code [D, C, dt, p, p]}), depth (largest block index + 1), MLP ratio ({@code fc1} rows / D), vocabulary,
 * text positions and token types (BERT embedding tables), and for pre-training checkpoints the decoder width
 * ({@code encoder_to_decoder.weight} rows) and depth. Not in the shapes, so conventions are used: heads = width
 * / 64 (the ViT-B convention; 1 when the width is below 64 or not a multiple of 64), 14 × 14 patches per frame
 * (image 224 for patch 16) and 8 tubelets (16 frames for tubelet 2). Use {@code Simvtp.load(path, config)}
 * or a {@code config} entry in the safetensors metadata when these do not hold.
 *
 * <pre>{@code
 * SimvtpConfig c = ConfigInference.infer(shapes, ModelKind.TWO_TOWER, file);
 * }</pre>
 */
final class ConfigInference {

    /** Head width of ViT-B (768 / 12) and of the reference decoder (384 / 6). */
    static final int HEAD_DIM = 64;
    /** Patches per image side assumed when the metadata does not say (224 / 16). */
    static final int DEFAULT_GRID_SIDE = 14;
    /** Tubelets per clip assumed when the metadata does not say (16 / 2). */
    static final int DEFAULT_GRID_TIME = 8;

    private ConfigInference() {}

    /**
     * Infers the configuration.
     *
     * @param shapes tensor name to shape, reference names
     * @param kind which model the names belong to
     * @param file the checkpoint, for messages
     * @return the configuration
     * @throws CheckpointFormatException if a tensor needed for the inference is missing or has the wrong rank
     */
    static SimvtpConfig infer(Map<String, long[]> shapes, ModelKind kind, Path file) throws CheckpointFormatException {
        String encoder = kind == ModelKind.TWO_TOWER ? "video_encoder." : "encoder.";
        String text = kind == ModelKind.TWO_TOWER ? "text_encoder.text_embeddings." : "text_embeddings.";
        long[] patch = shape(shapes, encoder + "patch_embed.proj.weight", 5, file);
        int width = (int) patch[0];
        int tubelet = (int) patch[2];
        int patchSize = (int) patch[3];
        int depth = maxIndex(shapes, encoder + "blocks.", file) + 1;
        long[] fc1 = shape(shapes, encoder + "blocks.0.mlp.fc1.weight", 2, file);
        long[] words = shape(shapes, text + "word_embeddings.weight", 2, file);
        long[] positions = shape(shapes, text + "position_embeddings.weight", 2, file);
        long[] types = shape(shapes, text + "token_type_embeddings.weight", 2, file);
        SimvtpConfig.Builder b = SimvtpConfig.builder()
                .optChannels((int) patch[1])
                .optTubeletSize(tubelet)
                .optPatchSize(patchSize)
                .optImageSize(patchSize * DEFAULT_GRID_SIDE)
                .optNumFrames(tubelet * DEFAULT_GRID_TIME)
                .optEncoderWidth(width)
                .optEncoderDepth(depth)
                .optEncoderHeads(heads(width))
                .optMlpRatio((double) fc1[0] / width)
                .optVocabSize((int) words[0])
                .optMaxTextPositions((int) positions[0])
                .optTypeVocabSize((int) types[0]);
        if (kind == ModelKind.PRETRAINING) {
            int decoderWidth = (int) shape(shapes, "encoder_to_decoder.weight", 2, file)[0];
            b.optDecoderWidth(decoderWidth)
                    .optDecoderDepth(maxIndex(shapes, "decoder.blocks.", file) + 1)
                    .optDecoderHeads(heads(decoderWidth));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(
                    file,
                    "the tensor shapes give an invalid configuration (" + e.getMessage()
                            + "); pass a SimvtpConfig to Simvtp.load(path, config)",
                    e);
        }
    }

    /** Heads by the 64-wide-head convention; 1 when the width is not a multiple of 64. */
    static int heads(int width) {
        return width >= HEAD_DIM && width % HEAD_DIM == 0 ? width / HEAD_DIM : 1;
    }

    private static long[] shape(Map<String, long[]> shapes, String name, int rank, Path file)
            throws CheckpointFormatException {
        long[] s = shapes.get(name);
        if (s == null) {
            throw new CheckpointFormatException(
                    file,
                    "tensor '" + name + "' is missing, so the model "
                            + "configuration cannot be inferred; pass a SimvtpConfig to Simvtp.load(path, config)");
        }
        if (s.length != rank) {
            throw new CheckpointFormatException(
                    file, "tensor '" + name + "' has shape " + Arrays.toString(s) + ", expected rank " + rank);
        }
        return s;
    }

    private static int maxIndex(Map<String, long[]> shapes, String prefix, Path file) throws CheckpointFormatException {
        Pattern p = Pattern.compile(Pattern.quote(prefix) + "(\\d+)\\..*");
        int max = -1;
        for (String name : shapes.keySet()) {
            Matcher m = p.matcher(name);
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        if (max < 0) {
            throw new CheckpointFormatException(
                    file, "no '" + prefix + "<i>.*' tensors, so the depth cannot be " + "inferred");
        }
        return max;
    }
}
