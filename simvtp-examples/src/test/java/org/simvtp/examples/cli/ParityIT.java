package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.models.checkpoint.DType;
import org.simvtp.models.checkpoint.SafetensorsFile;
import org.simvtp.models.checkpoint.SafetensorsReader;
import org.simvtp.models.checkpoint.SafetensorsWriter;
import org.simvtp.models.checkpoint.TensorData;

/** {@code parity}: passes on the reference bundle, exits 1 when an expected tensor is corrupted. */
class ParityIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Test
    void referenceBundlePasses() throws Exception {
        SimvtpJar.Result r = SimvtpJar.run(TIMEOUT, "parity", "--bundle", ConvertIT.BUNDLE.toString());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().lines().filter(l -> l.endsWith("PASS")).count() > 10, r.describe());
        assertFalse(r.stdout().contains("FAIL"), r.describe());
    }

    @Test
    void corruptedExpectedTensorFails(@TempDir Path dir) throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        try (Stream<Path> files = Files.list(ConvertIT.BUNDLE)) {
            for (Path f : files.toList()) {
                Files.copy(f, bundle.resolve(f.getFileName()));
            }
        }
        Path expected = bundle.resolve("expected.safetensors");
        SafetensorsFile original = SafetensorsReader.read(expected);
        Map<String, TensorData> corrupted = new LinkedHashMap<>();
        original.tensors().forEach((name, t) -> corrupted.put(name, t.dtype() == DType.F32 ? shifted(t) : t));
        SafetensorsWriter.write(expected, corrupted, original.metadata());

        SimvtpJar.Result r = SimvtpJar.run(TIMEOUT, "parity", "--bundle", bundle.toString());
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("FAIL"), r.describe());
    }

    /** The tensor with 0.5 added to every value. */
    private static TensorData shifted(TensorData t) {
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.5f;
        }
        return TensorData.ofFloats(t.name(), t.shape(), v);
    }
}
