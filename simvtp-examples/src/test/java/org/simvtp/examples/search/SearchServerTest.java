package org.simvtp.examples.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.simvtp.models.facade.SearchHit;

/** The search server over a real index of synthetic clips, asked with raw HTTP requests. */
class SearchServerTest {

    private static final String QUERY = "a small red circle moves left";

    @TempDir
    static Path dir;

    private static SearchFixture fixture;
    private static SearchServer server;
    private static URI uri;
    private static Path outside;

    @BeforeAll
    static void start() throws IOException {
        outside = Files.createDirectories(dir.resolve("outside"));
        fixture = SearchFixture.create(dir, 3, videos -> {
            Path secret = Files.copy(videos.resolve("synthetic-00000.webm"), outside.resolve("secret.webm"));
            Files.createSymbolicLink(videos.resolve("link-out.webm"), secret);
            Files.writeString(videos.resolve("notes.txt"), "not a video");
        });
        server = SearchServer.builder().setIndex(fixture.index).optPort(0).build();
        server.start();
        uri = server.uri();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void bindsToTheLoopbackAddressByDefault() {
        assertEquals("127.0.0.1", uri.getHost());
    }

    @Test
    void searchAnswersJsonInTheIndexOrder() throws IOException {
        RawHttp.Response r = RawHttp.get(uri, "/api/search?k=2&q=" + QUERY.replace(" ", "+"));
        assertEquals(200, r.status(), r.text());
        assertTrue(r.header("content-type").startsWith("application/json"));
        JsonObject body = JsonParser.parseString(r.text()).getAsJsonObject();
        assertEquals(QUERY, body.get("query").getAsString());
        JsonArray hits = body.getAsJsonArray("hits");
        List<SearchHit> expected = fixture.index.search(QUERY, 2);
        assertEquals(2, hits.size());
        for (int i = 0; i < hits.size(); i++) {
            JsonObject hit = hits.get(i).getAsJsonObject();
            String name = expected.get(i).video().getFileName().toString();
            assertEquals(name, hit.get("name").getAsString());
            assertEquals(expected.get(i).score(), hit.get("score").getAsFloat(), 1e-6f);
            assertTrue(hit.get("src").getAsString().startsWith("/video/" + name), hit.toString());
            assertTrue(hit.get("thumb").getAsString().startsWith("/thumb/" + name), hit.toString());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "/api/search, empty query",
        "/api/search?q=+++, empty query",
        "/api/search?q=dog&k=0, k must be",
        "/api/search?q=dog&k=1000, k must be",
        "/api/search?q=dog&k=x, k must be a number"
    })
    void badSearchesGive400WithAMessage(String target, String message) throws IOException {
        RawHttp.Response r = RawHttp.get(uri, target);
        assertEquals(400, r.status(), r.text());
        assertTrue(
                JsonParser.parseString(r.text())
                        .getAsJsonObject()
                        .get("error")
                        .getAsString()
                        .contains(message),
                r.text());
    }

    @Test
    void malformedQueryEncodingIs400() throws IOException {
        assertEquals(400, RawHttp.get(uri, "/api/search?q=%zz").status());
        assertEquals(400, RawHttp.get(uri, "/api/search?q=dog%").status());
    }

    @Test
    void servesThePageAndItsScript() throws IOException {
        RawHttp.Response page = RawHttp.get(uri, "/");
        assertEquals(200, page.status());
        assertTrue(page.text().contains("<input id=\"q\""), page.text());
        assertEquals(200, RawHttp.get(uri, "/app.js").status());
        assertEquals(404, RawHttp.get(uri, "/nothing").status());
        assertEquals(
                405,
                RawHttp.send(uri, "POST", "/api/search?q=dog", "Content-Length: 0")
                        .status());
    }

    @Test
    void thumbnailIsAPngOfTheVideo() throws IOException {
        RawHttp.Response r = RawHttp.get(uri, "/thumb/synthetic-00001.webm");
        assertEquals(200, r.status(), r.text());
        assertEquals("image/png", r.header("content-type"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertEquals(96, image.getWidth());
        assertEquals(72, image.getHeight());
        assertEquals(200, RawHttp.get(uri, "/thumb/synthetic-00001.webm?t=0.5").status());
        assertEquals(400, RawHttp.get(uri, "/thumb/synthetic-00001.webm?t=NaN").status());
    }

    @Test
    void videoAnswersWholeFilesAndByteRanges() throws IOException {
        byte[] file = Files.readAllBytes(fixture.videos.resolve("synthetic-00002.webm"));
        String target = "/video/synthetic-00002.webm";

        RawHttp.Response whole = RawHttp.get(uri, target);
        assertEquals(200, whole.status());
        assertEquals("video/webm", whole.header("content-type"));
        assertEquals("bytes", whole.header("accept-ranges"));
        assertArrayEquals(file, whole.body());

        RawHttp.Response middle = RawHttp.get(uri, target, "Range: bytes=10-19");
        assertEquals(206, middle.status());
        assertEquals("bytes 10-19/" + file.length, middle.header("content-range"));
        assertArrayEquals(Arrays.copyOfRange(file, 10, 20), middle.body());

        RawHttp.Response open = RawHttp.get(uri, target, "Range: bytes=100-");
        assertEquals(206, open.status());
        assertArrayEquals(Arrays.copyOfRange(file, 100, file.length), open.body());

        RawHttp.Response suffix = RawHttp.get(uri, target, "Range: bytes=-7");
        assertEquals(206, suffix.status());
        assertEquals(
                "bytes " + (file.length - 7) + "-" + (file.length - 1) + "/" + file.length,
                suffix.header("content-range"));
        assertArrayEquals(Arrays.copyOfRange(file, file.length - 7, file.length), suffix.body());

        for (String bad : List.of("bytes=" + file.length + "-", "bytes=20-10", "bytes=-0")) {
            RawHttp.Response refused = RawHttp.get(uri, target, "Range: " + bad);
            assertEquals(416, refused.status(), bad);
            assertEquals("bytes */" + file.length, refused.header("content-range"), bad);
        }
        assertEquals(200, RawHttp.get(uri, target, "Range: items=1-2").status(), "unknown units are ignored");
    }

    @ParameterizedTest
    @CsvSource({
        "/video/../outside/secret.webm, 403",
        "/video/%2e%2e/outside/secret.webm, 403",
        "/video/%2E%2E%2Foutside%2Fsecret.webm, 403",
        "/video/sub/..%2f..%2foutside/secret.webm, 403",
        "/video//etc/passwd, 403",
        "/video/%2Fetc%2Fpasswd, 403",
        "/video/./synthetic-00000.webm, 403",
        "/video/link-out.webm, 403",
        "/thumb/link-out.webm, 403",
        "/video/synthetic-00000.webm%00.txt, 400",
        "/video/synthetic-00000.webm%, 400",
        "/video/synthetic%zz.webm, 400",
        "/video/%ff%fe.webm, 400",
        "/video/..%5c..%5coutside%5csecret.webm, 400",
        "/video/notes.txt, 404",
        "/video/annotations.json, 404",
        "/video/missing.webm, 404",
        "/thumb/notes.txt, 404"
    })
    void refusesPathsOutsideTheIndex(String target, int status) throws IOException {
        RawHttp.Response r = RawHttp.get(uri, target);
        assertEquals(status, r.status(), target + " -> " + r.text());
    }

    @Test
    void aSecondServerOnTheSamePortFailsWithAClearMessage() throws IOException {
        SearchServer other = SearchServer.builder()
                .setIndex(fixture.index)
                .optPort(uri.getPort())
                .build();
        IOException e = assertThrows(IOException.class, other::start);
        assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + uri.getPort()), e.getMessage());
        assertNotNull(e.getCause() instanceof BindException ? e.getCause() : null, e.toString());
    }
}
