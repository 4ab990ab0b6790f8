package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.models.checkpoint.SafetensorsReader;
import org.simvtp.models.checkpoint.TensorData;
import org.simvtp.models.checkpoint.TorchCheckpointReader;

/** {@code convert}: reference torch.save checkpoints to safetensors, bit-exact. */
class ConvertIT {

    static final Path BUNDLE = Path.of("..", "simvtp-models", "src", "test", "resources", "parity", "simvtp-tiny");

    @Test
    void pretrainingCheckpointConvertsBitExactly(@TempDir Path dir) throws Exception {
        roundTrip(BUNDLE.resolve("pretrain-checkpoint.pth"), dir.resolve("pretrain.safetensors"));
    }

    @Test
    void deepSpeedFinetunedCheckpointConvertsBitExactly(@TempDir Path dir) throws Exception {
        roundTrip(BUNDLE.resolve("finetune-model_states.pt"), dir.resolve("finetune.safetensors"));
    }

    private static void roundTrip(Path pth, Path out) throws Exception {
        SimvtpJar.Result r = SimvtpJar.run(Duration.ofSeconds(120), "convert", pth.toString(), out.toString());
        assertEquals(0, r.exitCode(), r.describe());
        Map<String, TensorData> expected = TorchCheckpointReader.readStateDict(pth, null);
        Map<String, TensorData> actual = SafetensorsReader.read(out).tensors();
        assertTrue(r.stdout().contains("wrote " + expected.size() + " tensors"), r.describe());
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, t) -> assertTrue(t.sameContent(actual.get(name)), name + " differs"));
    }
}
