package org.simvtp.train.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.data.dataset.VideoTextRecord;

class DataFormatTest {

    @Test
    void parsesCommandLineNames() {
        assertEquals(DataFormat.WEBVID_CSV, DataFormat.parse("webvid-csv"));
        assertEquals(DataFormat.MSRVTT_JSON, DataFormat.parse("MSRVTT_JSON"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFormat.parse("xml"));
        assertTrue(e.getMessage().contains("webvid-csv, json, msrvtt-json, csv, folder"), e.getMessage());
    }

    @Test
    void detectsTheFormatFromNameAndHeader(@TempDir Path dir) throws Exception {
        Path webvid = Files.writeString(
                dir.resolve("results_2M_val.csv"),
                "videoid,contentUrl,duration,page_dir,name\n1,u,PT10S,000001_000050,a dog\n");
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), "path,caption\na.mp4,a dog\n");
        Path msrvtt = Files.writeString(dir.resolve("MSRVTT_data.json"), "{ \"info\": {}, \"videos\": [] }");
        Path json = Files.writeString(dir.resolve("train.json"), "{\"a.mp4\": \"a dog\"}");
        assertEquals(DataFormat.WEBVID_CSV, DataFormat.detect(webvid));
        assertEquals(DataFormat.CSV, DataFormat.detect(pairs));
        assertEquals(DataFormat.MSRVTT_JSON, DataFormat.detect(msrvtt));
        assertEquals(DataFormat.JSON, DataFormat.detect(json));
        assertEquals(DataFormat.FOLDER, DataFormat.detect(dir));
        Path other = Files.writeString(dir.resolve("list.txt"), "x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataFormat.detect(other))
                .getMessage()
                .contains("--format"));
    }

    @Test
    void annotationsResolveVideosAndNameMissingOrEmptyFiles(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("train.json"), "{\"v/a.mp4\": \"a dog\", \"v/b.mp4\": \"a cat\"}");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        List<VideoTextRecord> records = Annotations.read(json, null, null, quiet);
        assertEquals(2, records.size());
        assertEquals(dir.resolve("v/a.mp4").toAbsolutePath(), records.get(0).video());
        Path root = Files.createDirectories(dir.resolve("videos"));
        assertEquals(
                root.resolve("v/b.mp4").toAbsolutePath(),
                Annotations.read(json, DataFormat.JSON, root, quiet).get(1).video());
        assertThrows(FileNotFoundException.class, () -> Annotations.read(json, null, dir.resolve("no-root"), quiet));

        Path missing = dir.resolve("nope.json");
        FileNotFoundException e =
                assertThrows(FileNotFoundException.class, () -> Annotations.read(missing, null, null, quiet));
        assertTrue(e.getMessage().contains(missing.toString()));
        Path empty = Files.writeString(dir.resolve("empty.json"), "{}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Annotations.read(empty, null, null, quiet))
                .getMessage()
                .contains("empty.json"));
    }
}
