package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.examples.TestData;

/** {@code index} over synthetic videos and a corrupt file, then {@code search}. */
class IndexSearchIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final Pattern HIT =
            Pattern.compile("^\\s*(\\d+)\\s+(-?\\d+\\.\\d+)\\s+(\\S.*?)\\s+(\\d+\\.\\d)-(\\d+\\.\\d) s$");

    @Test
    void indexReportsTheCorruptFileAndSearchRanksByScore(@TempDir Path dir) throws Exception {
        Path videos = dir.resolve("videos");
        TestData.syntheticDataset(videos, 8);
        Path corrupt = TestData.corruptVideo(videos.resolve("corrupt.mp4"));
        Path checkpoint = TestData.randomCheckpoint(dir.resolve("model.safetensors"));
        Path index = dir.resolve("index");

        SimvtpJar.Result built = SimvtpJar.run(TIMEOUT, IndexArgs.index(checkpoint, videos, index));
        assertEquals(0, built.exitCode(), built.describe());
        assertTrue(built.stdout().contains("indexed 8 videos"), built.describe());
        assertFalse(built.stderr().contains("AutoNonVariableTypeMode"), built.describe());
        assertTrue(built.stdout().contains("8 embedded") && built.stdout().contains("1 failed"), built.describe());
        assertTrue(built.stdout().contains("failed: " + corrupt), built.describe());

        SimvtpJar.Result again = SimvtpJar.run(TIMEOUT, IndexArgs.index(checkpoint, videos, index));
        assertEquals(0, again.exitCode(), again.describe());
        assertTrue(again.stdout().contains("0 embedded") && again.stdout().contains("9 unchanged"), again.describe());

        SimvtpJar.Result search =
                SimvtpJar.run(TIMEOUT, IndexArgs.search(checkpoint, index, "a small red circle moves left", "-k", "5"));
        assertEquals(0, search.exitCode(), search.describe());
        assertFalse(search.stderr().contains("AutoNonVariableTypeMode"), search.describe());
        List<Float> scores = new ArrayList<>();
        for (String line : search.stdout().split("\\R")) {
            Matcher m = HIT.matcher(line);
            if (m.matches()) {
                assertEquals(scores.size() + 1, Integer.parseInt(m.group(1)), search.describe());
                assertTrue(
                        m.group(3).startsWith(videos.toString()) && m.group(3).endsWith(".mp4"), search.describe());
                scores.add(Float.parseFloat(m.group(2)));
            }
        }
        assertEquals(5, scores.size(), search.describe());
        for (int i = 1; i < scores.size(); i++) {
            assertTrue(scores.get(i - 1) >= scores.get(i), "not sorted by score: " + search.describe());
        }
    }

    @Test
    void searchWithoutIndexExitsWith3(@TempDir Path dir) throws Exception {
        Path checkpoint = TestData.randomCheckpoint(dir.resolve("model.safetensors"));
        SimvtpJar.Result r = SimvtpJar.run(TIMEOUT, IndexArgs.search(checkpoint, dir.resolve("nothing"), "a dog"));
        assertEquals(3, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("manifest.json"), r.describe());
    }
}
