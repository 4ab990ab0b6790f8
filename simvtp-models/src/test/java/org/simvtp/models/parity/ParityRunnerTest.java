package org.simvtp.models.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference parity bundle, read through our own checkpoint readers, matches within its tolerances. */
class ParityRunnerTest {

    static final Path BUNDLE = Paths.get("src/test/resources/parity/simvtp-tiny");

    @Test
    void everyTensorLossGradientAndMetricOfTheBundleMatches() throws Exception {
        ParityReport report = ParityRunner.run(BUNDLE);
        assertTrue(report.passed(), report.table());
        // 2 loads, 3 embedding tensors, 8 forward tensors, 5 losses, 10 gradients, 3 fine-tune, 4 cases x 2
        assertEquals(2 + 3 + 8 + 5 + 10 + 3 + 8, report.checks().size(), report.table());
    }

    @Test
    void aPerturbedExpectationIsReportedAsAFailure(@TempDir Path dir) throws Exception {
        for (Path p : Files.list(BUNDLE).toList()) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        String manifest = Files.readString(dir.resolve("manifest.json"))
                .replace("\"loss_vtm\": 1.0271931886672974", "\"loss_vtm\": 1.0271931886672974")
                .replace("\"R1\": 20.0", "\"R1\": 25.0");
        Files.writeString(dir.resolve("manifest.json"), manifest);
        ParityReport report = ParityRunner.run(dir);
        assertFalse(report.passed());
        assertEquals(1, report.failures(), report.table());
        assertTrue(report.table().contains("case1.t2v"), report.table());
    }
}
