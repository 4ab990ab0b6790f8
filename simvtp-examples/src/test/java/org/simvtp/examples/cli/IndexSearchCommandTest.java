package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.examples.TestData;
import org.simvtp.models.facade.VideoIndex;

/** {@code simvtp index} and {@code simvtp search} in-process: windows, export, JSON output and bad input. */
class IndexSearchCommandTest {

    private static final Pattern HIT =
            Pattern.compile("^\\s*(\\d+)\\s+(-?\\d+\\.\\d+)\\s+(\\S+\\.mp4)\\s+(\\d+\\.\\d)-(\\d+\\.\\d) s$");

    @TempDir
    static Path dir;

    static Path videos;
    static Path checkpoint;
    static Path index;
    static Path export;
    static Run built;

    /** Exit code and captured output of one in-process run. */
    record Run(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = SimvtpCli.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @BeforeAll
    static void buildIndex() throws Exception {
        videos = dir.resolve("videos");
        TestData.syntheticDataset(videos, 3); // 32 frames at 8 fps = 4 s each
        TestData.corruptVideo(videos.resolve("corrupt.mp4"));
        checkpoint = TestData.randomCheckpoint(dir.resolve("model.safetensors"));
        index = dir.resolve("index");
        export = dir.resolve("out/rows.jsonl");
        built = run(IndexArgs.index(checkpoint, videos, index, "--window", "1", "--export", export.toString()));
    }

    @Test
    void indexCutsWindowsReportsProgressAndExportsEveryWindow() throws Exception {
        assertEquals(0, built.exitCode(), built.describe());
        assertTrue(built.stdout().contains("indexed 3 videos (12 windows)"), built.describe());
        assertTrue(built.stdout().contains("1 failed") && built.stdout().contains("corrupt.mp4"), built.describe());
        assertTrue(built.stderr().contains("index 4/4 files 100%"), built.describe());
        assertTrue(built.stderr().contains("ETA"), built.describe());

        List<String> lines = Files.readAllLines(export);
        assertEquals(12, lines.size());
        Set<String> files = new HashSet<>();
        for (String line : lines) {
            JsonObject row = JsonParser.parseString(line).getAsJsonObject();
            String video = row.get("video").getAsString();
            assertTrue(Files.isRegularFile(videos.resolve(video)), video);
            files.add(video);
            double start = row.get("start").getAsDouble();
            assertEquals(start + 1, row.get("end").getAsDouble(), 1e-6);
            assertTrue(row.get("model").getAsString().startsWith("simvtp-"), line);
            JsonArray vector = row.getAsJsonArray("vector");
            double norm = 0;
            for (JsonElement v : vector) {
                norm += v.getAsDouble() * v.getAsDouble();
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-4);
        }
        assertEquals(3, files.size());
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(0.0, first.get("start").getAsDouble());
    }

    @Test
    void searchPrintsRankedMomentsAsTextAndJson() {
        Run text = run(IndexArgs.search(checkpoint, index, "a small red circle moves left", "--top", "2"));
        assertEquals(0, text.exitCode(), text.describe());
        int hits = 0;
        for (String line : text.stdout().split("\\R")) {
            Matcher m = HIT.matcher(line);
            if (m.matches()) {
                hits++;
                assertEquals(hits, Integer.parseInt(m.group(1)), text.describe());
                assertTrue(Double.parseDouble(m.group(4)) < Double.parseDouble(m.group(5)), line);
            }
        }
        assertEquals(2, hits, text.describe());

        Run json = run(IndexArgs.search(checkpoint, index, "a small red circle moves left", "--top", "3", "--json"));
        assertEquals(0, json.exitCode(), json.describe());
        JsonObject root = JsonParser.parseString(json.stdout()).getAsJsonObject();
        assertEquals("a small red circle moves left", root.get("query").getAsString());
        JsonArray array = root.getAsJsonArray("hits");
        assertEquals(3, array.size());
        double last = Double.POSITIVE_INFINITY;
        for (JsonElement e : array) {
            JsonObject h = e.getAsJsonObject();
            assertTrue(h.get("video").getAsString().endsWith(".mp4"), json.stdout());
            assertTrue(h.get("start").getAsDouble() < h.get("end").getAsDouble(), json.stdout());
            assertTrue(h.get("score").getAsDouble() <= last, json.stdout());
            last = h.get("score").getAsDouble();
        }
    }

    @Test
    void badQueriesAndWindowsAreUsageErrors() {
        String[] search = {"search", "--checkpoint", checkpoint.toString(), "--index", index.toString(), "--query"};
        Run blank = run(concat(search, "   "));
        assertEquals(2, blank.exitCode(), blank.describe());
        assertTrue(blank.stderr().contains("--query must not be empty"), blank.describe());
        assertEquals(2, run(concat(search, "")).exitCode());
        assertEquals(2, run(concat(search, "a dog", "--top", "0")).exitCode());
        assertEquals(
                2,
                run("index", "--videos", videos.toString(), "--index", index.toString(), "--window", "-1")
                        .exitCode());
        assertEquals(
                2,
                run("index", "--videos", videos.toString(), "--index", index.toString(), "--stride", "x")
                        .exitCode());
    }

    @Test
    void aDamagedIndexIsBadInputAndIsNeverRebuiltOver(@TempDir Path copyDir) throws Exception {
        Path damaged = copyDir.resolve("index");
        Files.createDirectories(damaged);
        for (String name : List.of(VideoIndex.MANIFEST_FILE, VideoIndex.EMBEDDINGS_FILE)) {
            Files.copy(index.resolve(name), damaged.resolve(name));
        }
        byte[] embeddings = Files.readAllBytes(damaged.resolve(VideoIndex.EMBEDDINGS_FILE));
        Files.write(
                damaged.resolve(VideoIndex.EMBEDDINGS_FILE),
                java.util.Arrays.copyOf(embeddings, embeddings.length / 2));
        byte[] truncated = Files.readAllBytes(damaged.resolve(VideoIndex.EMBEDDINGS_FILE));

        assertBadInput(searchFor(damaged, "a dog"), VideoIndex.EMBEDDINGS_FILE);

        Run rebuild = run(IndexArgs.index(checkpoint, videos, damaged));
        assertBadInput(rebuild, VideoIndex.EMBEDDINGS_FILE);
        assertTrue(rebuild.stderr().contains("delete the index folder"), rebuild.describe());
        assertArrayEquals(truncated, Files.readAllBytes(damaged.resolve(VideoIndex.EMBEDDINGS_FILE)));

        Files.writeString(damaged.resolve(VideoIndex.MANIFEST_FILE), "{ not json");
        assertBadInput(searchFor(damaged, "a dog"), VideoIndex.MANIFEST_FILE);
        assertBadInput(searchFor(copyDir.resolve("nothing"), "a dog"), "simvtp index");
    }

    private static Run searchFor(Path indexDir, String query) {
        return run(IndexArgs.search(checkpoint, indexDir, query));
    }

    private static void assertBadInput(Run r, String mentioned) {
        assertEquals(3, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains(mentioned), r.describe());
    }

    private static String[] concat(String[] head, String... tail) {
        String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
