package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IndexProgressLineTest {

    @Test
    void lineShowsFilesWindowsRateAndEta() {
        assertEquals(
                "index 3/12 files  25% [#####...............]  24 windows  4.0 windows/s  ETA 18s",
                IndexProgressLine.line(3, 12, 24, 6.0));
        assertEquals(
                "index 12/12 files 100% [####################]  96 windows  0.8 windows/s  ETA 0s",
                IndexProgressLine.line(12, 12, 96, 120.0));
    }

    @Test
    void printsTheFirstAndLastFileAndOtherwiseAtMostEveryInterval() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        IndexProgressLine progress =
                new IndexProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), 10, () -> now[0]);
        Path file = Path.of("a.mp4");
        progress.fileDone(file, 1, 4, 2, 1); // first: printed
        now[0] = 5_000_000_000L;
        progress.fileDone(file, 2, 4, 4, 5); // 5 s later: not printed
        now[0] = 11_000_000_000L;
        progress.fileDone(file, 3, 4, 6, 11); // 11 s after the last line: printed
        now[0] = 12_000_000_000L;
        progress.fileDone(file, 4, 4, 8, 12); // last: printed
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(3, lines.length);
        assertEquals(IndexProgressLine.line(4, 4, 8, 12), lines[2]);
    }
}
