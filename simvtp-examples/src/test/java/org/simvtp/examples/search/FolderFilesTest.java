package org.simvtp.examples.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** URL paths of files with spaces and non-ASCII names, both ways. */
class FolderFilesTest {

    @Test
    void encodesEachSegmentAndResolvesItBack(@TempDir Path dir) throws Exception {
        Path file = Files.createDirectories(dir.resolve("a cat")).resolve("é+1.mp4");
        Files.writeString(file, "x");
        FolderFiles files = new FolderFiles(dir);
        String url = files.encode(file);
        assertEquals("a%20cat/%C3%A9%2B1.mp4", url);
        assertEquals(file.toAbsolutePath().normalize(), files.resolve(url));
    }

    @Test
    void decodingIsStrict() {
        assertEquals("a b", decode("a%20b"));
        assertEquals(400, status("a%2"));
        assertEquals(400, status("a%g0"));
        assertEquals(400, status("%c3%28")); // not UTF-8
        assertEquals(400, status("caf\u00e9")); // raw non-ASCII
    }

    private static String decode(String raw) {
        try {
            return FolderFiles.decode(raw);
        } catch (RequestException e) {
            throw new AssertionError(e);
        }
    }

    private static int status(String raw) {
        return assertThrows(RequestException.class, () -> FolderFiles.decode(raw))
                .status();
    }
}
