package org.simvtp.examples.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.simvtp.models.facade.SearchHit;

/** Thumbnail and player URLs of a hit, for moment hits and whole-file hits. */
class HitJsonTest {

    private static final Path FOLDER = Path.of("/data/videos").toAbsolutePath();

    @Test
    void aMomentPreviewsItsMiddleAndPlaysItsRange() {
        SearchHit hit = new SearchHit(FOLDER.resolve("cats/a cat.mp4"), 2.0, 5.5, 0.25f);
        JsonObject json = SearchServer.describe(hit, FOLDER, "cats/a%20cat.mp4");
        assertEquals("a cat.mp4", json.get("name").getAsString());
        assertEquals(Path.of("cats", "a cat.mp4").toString(), json.get("video").getAsString());
        assertEquals(2.0, json.get("start").getAsDouble());
        assertEquals(5.5, json.get("end").getAsDouble());
        assertEquals("/thumb/cats/a%20cat.mp4?t=3.750", json.get("thumb").getAsString());
        assertEquals("/video/cats/a%20cat.mp4#t=2.000,5.500", json.get("src").getAsString());
    }

    @Test
    void aWholeFileHitPreviewsTheMiddleFrameAndPlaysFromTheStart() {
        JsonObject json = SearchServer.describe(new SearchHit(FOLDER.resolve("b.webm"), 0, 0, 0.5f), FOLDER, "b.webm");
        assertEquals("/thumb/b.webm", json.get("thumb").getAsString());
        assertEquals("/video/b.webm", json.get("src").getAsString());
        JsonObject late = SearchServer.describe(new SearchHit(FOLDER.resolve("b.webm"), 4, 4, 0.5f), FOLDER, "b.webm");
        assertEquals("/video/b.webm#t=4.000", late.get("src").getAsString());
    }
}
