package org.simvtp.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PthToSafetensorsTest {

    @Test
    void keepsNamesAndHalfPrecision(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("finetune.safetensors");
        Map<String, TensorData> written = PthToSafetensors.convert(TorchCheckpointReaderTest.FINETUNE, null, out);
        Map<String, TensorData> original =
                TorchCheckpointReader.readStateDict(TorchCheckpointReaderTest.FINETUNE, "module");

        SafetensorsFile file = SafetensorsReader.read(out);
        assertEquals(original.keySet(), file.tensors().keySet());
        assertEquals(written.keySet(), file.tensors().keySet());
        original.forEach((name, t) -> assertTrue(t.sameContent(file.tensor(name)), name));
        assertEquals(
                Map.of("format", "pt", "source", "finetune-model_states.pt", "state_dict_key", "auto"),
                file.metadata());
    }

    @Test
    void upcastsHalfPrecisionOnRequest(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("finetune-f32.safetensors");
        PthToSafetensors.convert(TorchCheckpointReaderTest.FINETUNE, "module", out, true);
        Map<String, TensorData> original =
                TorchCheckpointReader.readStateDict(TorchCheckpointReaderTest.FINETUNE, "module");
        SafetensorsFile file = SafetensorsReader.read(out);
        original.forEach((name, t) -> {
            TensorData converted = file.tensor(name);
            assertEquals(t.dtype() == DType.F16 ? DType.F32 : t.dtype(), converted.dtype(), name);
            assertArrayEquals(t.toFloatArray(), converted.toFloatArray(), name);
        });
    }

    @Test
    void commandLine(@TempDir Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Path target = dir.resolve("pre.safetensors");

        assertEquals(2, PthToSafetensors.run(new String[] {"only-one-arg"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage:"));
        assertEquals(
                0,
                PthToSafetensors.run(
                        new String[] {TorchCheckpointReaderTest.PRETRAIN.toString(), target.toString(), "--key", "model"
                        },
                        o,
                        e));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("wrote 59 tensors"), out.toString());
        assertEquals(
                1,
                PthToSafetensors.run(
                        new String[] {
                            TorchCheckpointReaderTest.PRETRAIN.toString(), target.toString(), "--key", "optimizer"
                        },
                        o,
                        e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'optimizer' is not a state dict"));
    }
}
