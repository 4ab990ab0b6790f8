package org.simvtp.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.simvtp.models.DualEncoder;
import org.simvtp.models.parity.ParityRunner;

class PretrainedInitTest {

    @Test
    void thePretrainingEncoderAndTextEmbeddingGoIntoBothTowers() throws Exception {
        var bundle = Paths.get("src/test/resources/parity/simvtp-tiny");
        var config = ParityRunner.configOf(
                com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(bundle.resolve("manifest.json")))
                        .getAsJsonObject()
                        .getAsJsonObject("config"));
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            TorchCheckpointReader.readStateDict(bundle.resolve("pretrain-checkpoint.pth"), "model")
                    .forEach((k, v) -> tensors.put(k, v.toNDArray(m)));
            DualEncoder dual = new DualEncoder(config);
            dual.initialize(m);
            LoadReport report = PretrainedInit.intoDualEncoder(dual, tensors);
            assertEquals(
                    List.of(
                            "video_encoder.fc_norm.weight",
                            "video_encoder.fc_norm.bias",
                            "text_encoder.fc_norm.weight",
                            "text_encoder.fc_norm.bias"),
                    report.missing(),
                    report.toString());
            assertTrue(report.unexpected().isEmpty(), report.toString());
            assertTrue(report.ignored().contains("decoder.head.weight"));
            assertTrue(report.ignored().contains("encoder.norm.weight"));
            float[] source = tensors.get("encoder.blocks.1.attn.qkv.weight").toFloatArray();
            for (String tower : List.of("video_encoder.", "text_encoder.")) {
                assertArrayEquals(
                        source,
                        dual.namedParameters()
                                .get(tower + "blocks.1.attn.qkv.weight")
                                .getArray()
                                .toFloatArray());
            }
        }
    }
}
