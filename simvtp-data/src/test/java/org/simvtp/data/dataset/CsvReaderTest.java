package org.simvtp.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    private static final Path FILE = Path.of("mem.csv");

    private static List<CsvRecord> readAll(String text) {
        try (CsvReader r = new CsvReader(new StringReader(text), FILE, 1000)) {
            List<CsvRecord> out = new ArrayList<>();
            for (CsvRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec);
            }
            return out;
        }
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() {
        List<CsvRecord> rs = readAll("a,\"b,c\",\"d \"\"q\"\" e\",\"two\nlines\",\n" + "\"\",x\"y,\"end\"\n");
        assertEquals(2, rs.size());
        assertEquals(
                List.of("a", "b,c", "d \"q\" e", "two\nlines", ""), rs.get(0).fields());
        assertEquals(1, rs.get(0).line());
        // empty quoted field, bare quote inside an unquoted field kept literally
        assertEquals(List.of("", "x\"y", "end"), rs.get(1).fields());
        assertEquals(3, rs.get(1).line(), "the record after a two-line field starts on physical line 3");
    }

    @Test
    void lineBreaksCrLfCrAndLfBomEmptyLinesAndMissingFinalNewline() {
        List<CsvRecord> rs = readAll("\uFEFFh1,h2\r\n1,2\r\n\r\n3,\"x\r\ny\"\r4,5\n\n6,7");
        assertEquals(
                List.of(
                        List.of("h1", "h2"),
                        List.of("1", "2"),
                        List.of("3", "x\ny"),
                        List.of("4", "5"),
                        List.of("6", "7")),
                rs.stream().map(CsvRecord::fields).toList());
        assertEquals(
                List.of(1L, 2L, 4L, 6L, 8L), rs.stream().map(CsvRecord::line).toList());
    }

    @Test
    void trailingCommaGivesAnEmptyLastField() {
        assertEquals(List.of("a", "b", ""), readAll("a,b,\n").get(0).fields());
        assertEquals(List.of(" a ", " b"), readAll(" a , b").get(0).fields());
    }

    @Test
    void textAfterAClosingQuoteIsAMalformedRecordAndTheReaderResynchronises() {
        List<CsvRecord> rs = readAll("ok,1\n\"bad\"x,2\nok,3\n");
        assertEquals(3, rs.size());
        assertNull(rs.get(0).error());
        assertEquals(2, rs.get(1).line());
        assertTrue(
                rs.get(1).error().contains("after the closing quote"), rs.get(1).error());
        assertEquals(List.of("ok", "3"), rs.get(2).fields());
        assertEquals(3, rs.get(2).line());
    }

    @Test
    void unterminatedQuoteAndOverlongRecordsAreFatal() {
        DatasetFormatException e =
                assertThrows(DatasetFormatException.class, () -> readAll("a,b\nc,\"never closed\nmore\n"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("mem.csv:2: unterminated"), e.getMessage());
        DatasetFormatException tooLong =
                assertThrows(DatasetFormatException.class, () -> readAll("x\n\"" + "y".repeat(2000) + "\"\n"));
        assertEquals(2, tooLong.line());
    }
}
