package org.simvtp.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReadersTest {
    @TempDir
    Path dir;

    @Test
    void pathCaptionJsonResolvesRelativePathsAndParsesMsrvttIds() throws Exception {
        Path abs = dir.resolve("elsewhere/video9.mp4").toAbsolutePath();
        Path json = ManifestFixtures.write(
                dir,
                "ann/train_9k_miech.json",
                "{\n"
                        + "  \"videos/video7020.mp4\": \"a man, \\\"singing\\\"\",\n"
                        + "  \"" + abs + "\": \"two dogs\\nplay\"\n}\n");
        List<VideoTextRecord> rs =
                new CaptionJsonReader(json, ReadOptions.defaults()).readAll().records();
        assertEquals(
                List.of(
                        new VideoTextRecord(
                                dir.resolve("ann/videos/video7020.mp4").toAbsolutePath(),
                                "a man, \"singing\"",
                                "video7020"),
                        new VideoTextRecord(abs, "two dogs\nplay", "video9")),
                rs);
        assertEquals(7020, VideoIds.msrvttNumber(rs.get(0).videoId()));
        assertEquals(9, VideoIds.msrvttNumber(rs.get(1).video().toString()));
        assertThrows(IllegalArgumentException.class, () -> VideoIds.msrvttNumber("clip7.mp4"));

        Path root = dir.resolve("r");
        assertEquals(
                root.resolve("videos/video7020.mp4"),
                new CaptionJsonReader(json, ReadOptions.builder().optRoot(root).build())
                        .readAll()
                        .records()
                        .get(0)
                        .video());
    }

    @Test
    void nonStringValuesAreMalformedEntriesWithTheirLine() throws Exception {
        Path json = ManifestFixtures.write(
                dir,
                "a.json",
                "{\n"
                        + "\"a.mp4\": \"ok\",\n"
                        + "\"b.mp4\": 3,\n"
                        + "\"c.mp4\": {\"nested\": [1, 2]},\n"
                        + "\"\": \"no path\",\n"
                        + "\"d.mp4\": \"  \",\n"
                        + "\"e.mp4\": \"fine\"\n}");
        DatasetFormatException e = assertThrows(
                DatasetFormatException.class, () -> new CaptionJsonReader(json, ReadOptions.defaults()).readAll());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(json + ":3: value of \"b.mp4\" is NUMBER"), e.getMessage());

        ReadResult r = new CaptionJsonReader(json, ManifestFixtures.lenient()).readAll();
        assertEquals(
                List.of("ok", "fine"),
                r.records().stream().map(VideoTextRecord::caption).toList());
        assertEquals(4, r.malformedRows());
        assertEquals(
                List.of(3L, 4L, 5L, 6L),
                r.problems().stream().map(RowProblem::line).toList());
    }

    @Test
    void syntaxErrorsAreFatalWithTheirLineEvenWhenLenient() throws Exception {
        Path json = ManifestFixtures.write(dir, "broken.json", "{\n\"a.mp4\": \"x\",\n\"b.mp4\" \"y\"\n}");
        List<String> seen = new ArrayList<>();
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> {
            try (RecordIterator it = new CaptionJsonReader(json, ManifestFixtures.lenient()).open()) {
                it.forEachRemaining(r -> seen.add(r.caption()));
            }
        });
        assertEquals(List.of("x"), seen);
        assertEquals(3, e.line());
        Path array = ManifestFixtures.write(dir, "array.json", "[\"a\"]");
        assertTrue(assertThrows(
                        DatasetFormatException.class, () -> new CaptionJsonReader(array, ReadOptions.defaults()).open())
                .getMessage()
                .contains("expected a JSON object"));
        Path truncated = ManifestFixtures.write(dir, "t.json", "{\"a.mp4\": \"x\"");
        assertThrows(DatasetFormatException.class, () -> new CaptionJsonReader(truncated, ManifestFixtures.lenient())
                .readAll());
    }

    private static String msrvttData(int videos, int captionsPerVideo) {
        StringBuilder sb = new StringBuilder("{\"info\": {\"year\": 2016, \"version\": \"1.0\"},\n \"videos\": [\n");
        for (int v = 0; v < videos; v++) {
            sb.append("  {\"category\": 9, \"url\": \"https://www.youtube.com/watch?v=x\", \"video_id\": \"video")
                    .append(v)
                    .append("\", \"start time\": 1.5, \"end time\": 9.0, \"split\": \"train\", \"id\": ")
                    .append(v)
                    .append(v + 1 < videos ? "},\n" : "}\n");
        }
        sb.append(" ],\n \"sentences\": [\n");
        int sen = 0;
        for (int c = 0; c < captionsPerVideo; c++) {
            for (int v = 0; v < videos; v++) {
                sb.append("  {\"caption\": \"caption ")
                        .append(c)
                        .append(" of video ")
                        .append(v)
                        .append("\", \"video_id\": \"video")
                        .append(v)
                        .append("\", \"sen_id\": ")
                        .append(sen++)
                        .append("},\n");
            }
        }
        sb.setLength(sb.length() - 2);
        return sb.append("\n ]\n}\n").toString();
    }

    @Test
    void officialMsrvttDataGivesTwentyCaptionsPerSelectedVideo() throws Exception {
        Path json = ManifestFixtures.write(dir, "MSRVTT_data.json", msrvttData(5, 20));
        Path ids = ManifestFixtures.write(dir, "test_list.txt", "# split\nvideo1\n\n video3 \nvideo99\n");
        Set<String> selection = MsrvttDataJsonReader.readIdList(ids);
        assertEquals(List.of("video1", "video3", "video99"), List.copyOf(selection));
        Path root = dir.resolve("all");
        ReadOptions opts = ReadOptions.builder().optRoot(root).build();
        List<VideoTextRecord> rs =
                new MsrvttDataJsonReader(json, opts, selection).readAll().records();
        assertEquals(40, rs.size());
        assertEquals(20, rs.stream().filter(r -> r.videoId().equals("video3")).count());
        assertEquals(new VideoTextRecord(root.resolve("video1.mp4"), "caption 0 of video 1", "video1"), rs.get(0));
        assertEquals(new VideoTextRecord(root.resolve("video3.mp4"), "caption 19 of video 3", "video3"), rs.get(39));
        assertEquals(100, new MsrvttDataJsonReader(json, opts).count());
    }

    @Test
    void malformedSentencesAreReportedWithTheirLine() throws Exception {
        Path json = ManifestFixtures.write(
                dir,
                "m.json",
                "{\"sentences\": [\n"
                        + "{\"caption\": \"good\", \"video_id\": \"video1\", \"sen_id\": 0},\n"
                        + "{\"video_id\": \"video1\", \"sen_id\": 1},\n"
                        + "{\"caption\": 5, \"video_id\": \"video1\"},\n"
                        + "\"not an object\",\n"
                        + "{\"caption\": \"also good\", \"video_id\": \"video2\"}\n"
                        + "], \"videos\": []}");
        DatasetFormatException e = assertThrows(
                DatasetFormatException.class, () -> new MsrvttDataJsonReader(json, ReadOptions.defaults()).readAll());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("sentences[1]: missing \"caption\""), e.getMessage());
        ReadResult r = new MsrvttDataJsonReader(json, ManifestFixtures.lenient()).readAll();
        assertEquals(
                List.of("good", "also good"),
                r.records().stream().map(VideoTextRecord::caption).toList());
        assertEquals(
                List.of(3L, 4L, 5L), r.problems().stream().map(RowProblem::line).toList());

        Path noSentences = ManifestFixtures.write(dir, "n.json", "{\"videos\": [], \"info\": {}}");
        DatasetFormatException missing = assertThrows(
                DatasetFormatException.class,
                () -> new MsrvttDataJsonReader(noSentences, ManifestFixtures.lenient()).open());
        assertTrue(missing.getMessage().contains("no \"sentences\" array"), missing.getMessage());
        assertFalse(missing.getMessage().isEmpty());
    }
}
