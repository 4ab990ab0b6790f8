package org.simvtp.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderAndCsvReadersTest {
    @TempDir
    Path dir;

    @Test
    void pathCaptionCsvWithAndWithoutHeader() throws Exception {
        Path with =
                ManifestFixtures.write(dir, "with.csv", "Path,Caption\nclips/a.mp4,\"hello, world\"\n/abs/b.mp4,x\n");
        Path without = ManifestFixtures.write(dir, "without.csv", "clips/a.mp4,\"hello, world\"\n/abs/b.mp4,x\n");
        List<VideoTextRecord> expected = List.of(
                new VideoTextRecord(dir.resolve("clips/a.mp4").toAbsolutePath(), "hello, world", "a"),
                new VideoTextRecord(Path.of("/abs/b.mp4"), "x", "b"));
        assertEquals(
                expected,
                new CaptionCsvReader(with, ReadOptions.defaults()).readAll().records());
        assertEquals(
                expected,
                new CaptionCsvReader(without, ReadOptions.defaults()).readAll().records());
    }

    @Test
    void pathCaptionCsvMalformedRows() throws Exception {
        Path csv = ManifestFixtures.write(dir, "m.csv", "a.mp4,one\nb.mp4\n,no path\nc.mp4,x,y\nd.mp4,\ne.mp4,fine\n");
        DatasetFormatException e = assertThrows(
                DatasetFormatException.class, () -> new CaptionCsvReader(csv, ReadOptions.defaults()).readAll());
        assertEquals(csv + ":2: expected 2 columns (path,caption), got 1", e.getMessage());
        ReadResult r = new CaptionCsvReader(csv, ManifestFixtures.lenient()).readAll();
        assertEquals(
                List.of("one", "fine"),
                r.records().stream().map(VideoTextRecord::caption).toList());
        assertEquals(
                List.of(2L, 3L, 4L, 5L),
                r.problems().stream().map(RowProblem::line).toList());
    }

    @Test
    void folderWithSidecarCaptions() throws Exception {
        ManifestFixtures.write(dir, "v/a.mp4", "not decoded here");
        ManifestFixtures.write(dir, "v/a.txt", "first caption\n\n  second caption  \n");
        ManifestFixtures.write(dir, "v/c.mp4", "no captions");
        ManifestFixtures.write(dir, "v/d.txt", "caption without video");
        ManifestFixtures.write(dir, "v/e.MP4", "empty captions");
        ManifestFixtures.write(dir, "v/e.txt", "\n \n");
        ManifestFixtures.write(dir, "v/sub/b.webm", "x");
        ManifestFixtures.write(dir, "v/sub/b.txt", "nested");
        Path v = dir.resolve("v");

        DatasetFormatException strict = assertThrows(
                DatasetFormatException.class, () -> new CaptionFolderReader(v, ReadOptions.defaults()).readAll());
        assertEquals(v.resolve("c.mp4"), strict.file());
        assertTrue(strict.getMessage().contains("no caption file c.txt"), strict.getMessage());

        ReadResult r = new CaptionFolderReader(v, ManifestFixtures.lenient()).readAll();
        assertEquals(
                List.of(
                        new VideoTextRecord(v.resolve("a.mp4"), "first caption", "a"),
                        new VideoTextRecord(v.resolve("a.mp4"), "second caption", "a"),
                        new VideoTextRecord(v.resolve("sub/b.webm"), "nested", "sub/b")),
                r.records());
        assertEquals(2, r.malformedRows());
        assertEquals(
                List.of(v.resolve("c.mp4"), v.resolve("e.txt")),
                r.problems().stream().map(RowProblem::file).toList());
        assertThrows(
                DatasetFormatException.class,
                () -> new CaptionFolderReader(v.resolve("a.mp4"), ReadOptions.defaults()).open());
    }

    @Test
    void recordTableRoundTripsRecordsCompactly() {
        Builder b = new Builder();
        String longCaption = "ü".repeat(200_000); // 400 kB of UTF-8: forces chunk growth
        List<VideoTextRecord> records = List.of(
                new VideoTextRecord(Path.of("/d/ä b.mp4"), "ünïcödé caption, with comma", "ä b"),
                new VideoTextRecord(Path.of("rel/x.mp4"), longCaption, "x"),
                new VideoTextRecord(Path.of("/d/y.mp4"), "", "y"));
        RecordTable table = RecordTable.copyOf(records);
        assertEquals(records, table);
        for (int i = 0; i < 100_000; i++) {
            b.add(i);
        }
        RecordTable big = b.table();
        assertEquals(100_000, big.size());
        assertEquals(
                new VideoTextRecord(Path.of("/data/webvid/001/99999.mp4"), "caption 99999", "99999"), big.get(99_999));
        assertTrue(big.byteSize() < 100_000L * 60, "bytes " + big.byteSize());
        assertThrows(IndexOutOfBoundsException.class, () -> big.get(100_000));
    }

    private static final class Builder {
        private final RecordTable.Builder b = new RecordTable.Builder();

        void add(int i) {
            b.add(new VideoTextRecord(Path.of("/data/webvid/001/" + i + ".mp4"), "caption " + i, String.valueOf(i)));
        }

        RecordTable table() {
            return b.build();
        }
    }
}
