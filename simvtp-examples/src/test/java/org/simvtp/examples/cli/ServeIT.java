package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.examples.TestData;

/** {@code simvtp serve} over an index built by {@code simvtp index}: the page answers, a taken port fails cleanly. */
class ServeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final Pattern SERVING = Pattern.compile("^serving (\\d+) videos of .* at (http://\\S+)$");

    @Test
    void servesSearchesAndRefusesATakenPort(@TempDir Path dir) throws Exception {
        Path videos = dir.resolve("videos");
        TestData.syntheticDataset(videos, 3);
        Path checkpoint = TestData.randomCheckpoint(dir.resolve("model.safetensors"));
        Path index = dir.resolve("index");
        SimvtpJar.Result built = SimvtpJar.run(TIMEOUT, IndexArgs.index(checkpoint, videos, index));
        assertEquals(0, built.exitCode(), built.describe());

        Process serve = SimvtpJar.processBuilder(SimvtpJar.command(serveArgs(checkpoint, index, 0)), Map.of())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            Matcher serving = null;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher m = SERVING.matcher(line);
                if (m.matches()) {
                    serving = m;
                    break;
                }
            }
            assertNotNull(serving, "serve printed no address");
            assertEquals("3", serving.group(1));
            URI uri = URI.create(serving.group(2));
            assertEquals("127.0.0.1", uri.getHost());

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> search = http.send(
                    HttpRequest.newBuilder(uri.resolve("/api/search?q=a+red+circle&k=2"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, search.statusCode(), search.body());
            JsonObject body = JsonParser.parseString(search.body()).getAsJsonObject();
            assertEquals(2, body.getAsJsonArray("hits").size(), search.body());
            HttpResponse<String> traversal = http.send(
                    HttpRequest.newBuilder(URI.create(uri + "video/%2e%2e/model.safetensors"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, traversal.statusCode(), traversal.body());

            try (ServerSocket taken = new ServerSocket(0)) {
                SimvtpJar.Result clash = SimvtpJar.run(TIMEOUT, serveArgs(checkpoint, index, taken.getLocalPort()));
                assertEquals(3, clash.exitCode(), clash.describe());
                assertTrue(
                        clash.stderr().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                        clash.describe());
            }
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
        }
        assertEquals(143, serve.exitValue(), "the JVM's status after SIGTERM (128 + 15)");
    }

    private static String[] serveArgs(Path checkpoint, Path index, int port) {
        return new String[] {
            "serve",
            "--checkpoint",
            checkpoint.toString(),
            "--index",
            index.toString(),
            "--port",
            Integer.toString(port)
        };
    }
}
