package org.simvtp.models.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.checkpoint.CheckpointFormatException;

class ConfigInferenceTest {

    static final Path BUNDLE = Path.of("src/test/resources/parity/simvtp-tiny");

    /** The shapes of spec §10.1 for the reference pre-training model. */
    private static Map<String, long[]> referencePretrainShapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("encoder.patch_embed.proj.weight", new long[] {768, 3, 2, 16, 16});
        for (int i = 0; i < 12; i++) {
            s.put("encoder.blocks." + i + ".mlp.fc1.weight", new long[] {3072, 768});
        }
        for (int j = 0; j < 4; j++) {
            s.put("decoder.blocks." + j + ".mlp.fc1.weight", new long[] {1536, 384});
        }
        s.put("encoder_to_decoder.weight", new long[] {384, 768});
        s.put("text_embeddings.word_embeddings.weight", new long[] {30522, 768});
        s.put("text_embeddings.position_embeddings.weight", new long[] {512, 768});
        s.put("text_embeddings.token_type_embeddings.weight", new long[] {2, 768});
        return s;
    }

    @Test
    void referenceShapesGiveTheReferenceConfiguration() throws Exception {
        assertEquals(
                SimvtpConfig.vitBase(),
                ConfigInference.infer(referencePretrainShapes(), ModelKind.PRETRAINING, Path.of("x.pth")));
    }

    @Test
    void twoTowerShapesComeFromTheTowers() throws Exception {
        Map<String, long[]> s = new LinkedHashMap<>();
        referencePretrainShapes().forEach((k, v) -> {
            if (k.startsWith("encoder.")) {
                s.put("video_encoder." + k.substring(8), v);
            } else if (k.startsWith("text_embeddings.")) {
                s.put("text_encoder." + k, v);
            }
        });
        SimvtpConfig c = ConfigInference.infer(s, ModelKind.TWO_TOWER, Path.of("x.pt"));
        assertEquals(768, c.encoderWidth());
        assertEquals(12, c.encoderDepth());
        assertEquals(12, c.encoderHeads());
        assertEquals(30522, c.vocabSize());
        assertEquals(224, c.imageSize());
        assertEquals(16, c.numFrames());
    }

    @Test
    void parityCheckpointDimensionsAreRead() throws Exception {
        CheckpointFile f = CheckpointFile.read(BUNDLE.resolve("pretrain-checkpoint.pth"));
        assertEquals(ModelKind.PRETRAINING, f.kind());
        SimvtpConfig c = ConfigInference.infer(f.shapes(), f.kind(), f.file());
        assertEquals(64, c.encoderWidth());
        assertEquals(2, c.encoderDepth());
        assertEquals(1, c.encoderHeads(), "heads are not in the shapes: 64 / 64");
        assertEquals(32, c.decoderWidth());
        assertEquals(1, c.decoderDepth());
        assertEquals(500, c.vocabSize());
        assertEquals(4.0, c.mlpRatio());
        CheckpointFile t = CheckpointFile.read(BUNDLE.resolve("finetune-model_states.pt"));
        assertEquals(ModelKind.TWO_TOWER, t.kind());
        assertEquals(64, ConfigInference.infer(t.shapes(), t.kind(), t.file()).encoderWidth());
    }

    @Test
    void headsFollowThe64WideConvention() {
        assertEquals(12, ConfigInference.heads(768));
        assertEquals(6, ConfigInference.heads(384));
        assertEquals(1, ConfigInference.heads(32));
        assertEquals(1, ConfigInference.heads(100));
    }

    @Test
    void missingTensorIsNamed() {
        Map<String, long[]> s = referencePretrainShapes();
        s.remove("encoder_to_decoder.weight");
        CheckpointFormatException e = assertThrows(
                CheckpointFormatException.class,
                () -> ConfigInference.infer(s, ModelKind.PRETRAINING, Path.of("x.pth")));
        assertTrue(
                e.getMessage().contains("encoder_to_decoder.weight")
                        && e.getMessage().contains("x.pth"),
                e.getMessage());
    }

    @Test
    void unknownKeysAreNotACheckpoint() {
        CheckpointFormatException e = assertThrows(
                CheckpointFormatException.class,
                () -> CheckpointFile.kindOf(java.util.List.of("fc.weight", "fc.bias"), Path.of("other.pth")));
        assertTrue(e.getMessage().contains("fc.weight"), e.getMessage());
    }
}
