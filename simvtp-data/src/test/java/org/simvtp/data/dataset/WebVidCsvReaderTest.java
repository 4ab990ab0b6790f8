package org.simvtp.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebVidCsvReaderTest {
    private static final String HEADER = "videoid,contentUrl,duration,page_dir,name\n";

    @TempDir
    Path dir;

    @Test
    void rowsGiveRootPageDirVideoidPathsAndNameCaptions() throws Exception {
        Path csv = ManifestFixtures.write(
                dir,
                "results_2M_train.csv",
                HEADER
                        + "31353427,https://ak.picdn.net/a.mp4,PT00H00M12S,016401_016450,Merida, mexico - may 23, 2017: "
                        + "Street\n"
                        + "14843152,https://x/b.mp4,PT00H00M09S,016401_016450,\"Aerial, \"\"drone\"\" shot\nover sea\"\n"
                        + "1,https://x/c.mp4,PT00H00M09S,000001_000050,Simple\n");
        Path root = dir.resolve("videos");
        ReadOptions opts = ReadOptions.builder().optRoot(root).build();
        // first data row has an unquoted commas in its caption: 7 columns, malformed
        DatasetFormatException e =
                assertThrows(DatasetFormatException.class, () -> new WebVidCsvReader(csv, opts).readAll());
        assertEquals(csv + ":2: expected 5 columns (as in the header), got 7", e.getMessage());

        ReadResult r = new WebVidCsvReader(
                        csv, opts.toBuilder().optErrorMode(ErrorMode.LENIENT).build())
                .readAll();
        assertEquals(1, r.malformedRows());
        assertEquals(2, r.problems().get(0).line());
        assertEquals(
                List.of(
                        new VideoTextRecord(
                                root.resolve("016401_016450/14843152.mp4"),
                                "Aerial, \"drone\" shot\nover sea",
                                "14843152"),
                        new VideoTextRecord(root.resolve("000001_000050/1.mp4"), "Simple", "1")),
                r.records());
    }

    @Test
    void columnsAreFoundByNameAndTheRootDefaultsToTheCsvDirectory() throws Exception {
        Path csv = ManifestFixtures.write(dir, "sub/val.csv", "name,page_dir,videoid\n\"a, b\",p,7\n");
        VideoTextRecord r = new WebVidCsvReader(csv, ReadOptions.defaults(), "webm")
                .readAll()
                .records()
                .get(0);
        assertEquals(new VideoTextRecord(dir.resolve("sub/p/7.webm").toAbsolutePath(), "a, b", "7"), r);
    }

    @Test
    void malformedRowsAreReportedWithTheirPhysicalLine() throws Exception {
        Path csv = ManifestFixtures.write(
                dir,
                "bad.csv",
                HEADER
                        + "1,u,d,p,\"multi\nline caption\"\n" // lines 2-3
                        + "2,u,d,p\n" // line 4: 4 columns
                        + ",u,d,p,no id\n" // line 5
                        + "3,u,d,p,\"x\"y\n" // line 6: text after quote
                        + "4,u,d,,no dir\n" // line 7
                        + "5,u,d,p,fine\n");
        DatasetFormatException strict = assertThrows(
                DatasetFormatException.class, () -> new WebVidCsvReader(csv, ReadOptions.defaults()).count());
        assertEquals(4, strict.line());
        assertEquals(csv, strict.file());

        try (RecordIterator it = new WebVidCsvReader(csv, ManifestFixtures.lenient()).open()) {
            assertEquals("1", it.next().videoId());
            assertEquals("5", it.next().videoId());
            assertTrue(!it.hasNext());
            assertEquals(4, it.malformedRows());
            assertEquals(
                    List.of(4L, 5L, 6L, 7L),
                    it.problems().stream().map(RowProblem::line).toList());
            assertTrue(
                    it.problems().get(1).message().contains("videoid"),
                    it.problems().get(1).toString());
        }
    }

    @Test
    void aWrongHeaderIsFatalEvenWhenLenient() throws Exception {
        Path csv = ManifestFixtures.write(dir, "h.csv", "id,url,caption\n1,u,c\n");
        DatasetFormatException e = assertThrows(
                DatasetFormatException.class, () -> new WebVidCsvReader(csv, ManifestFixtures.lenient()).open());
        assertTrue(e.getMessage().contains("no 'videoid' column"), e.getMessage());
        Path empty = ManifestFixtures.write(dir, "e.csv", "");
        assertThrows(DatasetFormatException.class, () -> new WebVidCsvReader(empty, ReadOptions.defaults()).open());
    }

    @Test
    void streamsAMillionRowsInConstantMemory() throws Exception {
        int rows = 1_000_000;
        Path csv = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            for (int i = 0; i < rows; i++) {
                w.write(i + ",https://x/" + i + ".mp4,PT00H00M10S," + (i / 50) + ",\"caption, number " + i + "\"\n");
            }
        }
        long t0 = System.nanoTime();
        long baseline = usedHeapAfterGc();
        long count = 0;
        long during = 0;
        try (Stream<VideoTextRecord> s = new WebVidCsvReader(csv, ReadOptions.defaults()).stream()) {
            var it = s.iterator();
            while (it.hasNext()) {
                VideoTextRecord r = it.next();
                if (count == rows / 2) {
                    assertEquals("caption, number " + count, r.caption());
                    during = usedHeapAfterGc();
                }
                count++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(rows, count);
        assertTrue(seconds < 60, "took " + seconds + " s"); // about 2 s on an idle machine
        // holding half a million records would take well over 100 MB
        assertTrue(during - baseline < 32L << 20, "heap grew by " + ((during - baseline) >> 20) + " MB");
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
