package org.simvtp.jmh.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarTest {

    @Test
    void recordsAppendAndTheLargestValueWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sidecar.jsonl");
        System.setProperty(Sidecar.ENV, file.toString());
        try {
            Sidecar.record("A.b[p=1]", "liveArraysPerStep", 0);
            Sidecar.record("A.b[p=1]", "liveArraysPerStep", 2);
            Sidecar.record("C.d", "other", 5);
        } finally {
            System.clearProperty(Sidecar.ENV);
        }
        Map<String, Map<String, Double>> read = Sidecar.read(file);
        assertEquals(Map.of("liveArraysPerStep", 2.0), read.get("A.b[p=1]"));
        assertEquals(Map.of("other", 5.0), read.get("C.d"));
    }

    @Test
    void missingFileIsEmptyAndBrokenLinesAreNamed(@TempDir Path dir) throws Exception {
        assertTrue(Sidecar.read(dir.resolve("none.jsonl")).isEmpty());
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"key\":\"a\",\"figure\":\"f\",\"value\":1}\nnot json\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sidecar.read(bad));
        assertTrue(e.getMessage().contains("bad.jsonl line 2"), e.getMessage());
    }
}
