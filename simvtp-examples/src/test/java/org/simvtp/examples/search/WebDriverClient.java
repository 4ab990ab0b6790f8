package org.simvtp.examples.search;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * A minimal W3C WebDriver client: starts {@code chromedriver} on a free port, opens a headless Chromium session and
 * sends the few commands the browser test needs (navigate, find, type, click, run a script, screenshot).
 */
final class WebDriverClient implements AutoCloseable {

    private static final String ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";
    private static final Gson GSON = new Gson();

    private final Process driver;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String session;

    private WebDriverClient(Process driver, URI base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = session;
    }

    /** Starts chromedriver and a headless Chromium with a fresh profile in {@code profile}. */
    static WebDriverClient start(Path chromedriver, Path chromium, Path profile, Path log)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(chromedriver.toString(), "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        try {
            WebDriverClient probe = new WebDriverClient(process, base, null);
            probe.awaitReady();
            JsonObject options = new JsonObject();
            options.addProperty("binary", chromium.toString());
            options.add(
                    "args",
                    GSON.toJsonTree(List.of(
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--mute-audio",
                            "--window-size=1100,900",
                            "--user-data-dir=" + profile)));
            JsonObject always = new JsonObject();
            always.addProperty("browserName", "chrome");
            always.add("goog:chromeOptions", options);
            JsonObject capabilities = new JsonObject();
            capabilities.add("alwaysMatch", always);
            JsonObject body = new JsonObject();
            body.add("capabilities", capabilities);
            JsonObject value = probe.call("POST", "session", body).getAsJsonObject();
            return new WebDriverClient(process, base, value.get("sessionId").getAsString());
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroy();
            throw e;
        }
    }

    void navigate(String url) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("url", url);
        call("POST", "session/" + session + "/url", body);
    }

    /** The id of the first element matching a CSS selector. */
    String find(String css) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("using", "css selector");
        body.addProperty("value", css);
        JsonObject value = call("POST", "session/" + session + "/element", body).getAsJsonObject();
        if (!value.has(ELEMENT_KEY)) {
            throw new IllegalStateException("no element reference for " + css + ": " + value);
        }
        return value.get(ELEMENT_KEY).getAsString();
    }

    void type(String element, String text) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("text", text);
        call("POST", "session/" + session + "/element/" + element + "/value", body);
    }

    void click(String element) throws IOException, InterruptedException {
        call("POST", "session/" + session + "/element/" + element + "/click", new JsonObject());
    }

    /** Runs a script (its {@code return} value comes back as JSON). */
    JsonElement script(String script) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("script", script);
        body.add("args", new JsonArray());
        return call("POST", "session/" + session + "/execute/sync", body);
    }

    /** Polls a script until it returns {@code true}; fails with the last value after {@code timeout}. */
    void await(String script, Duration timeout, String what) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonElement last = null;
        while (Instant.now().isBefore(deadline)) {
            last = script(script);
            if (last.isJsonPrimitive() && last.getAsJsonPrimitive().isBoolean() && last.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last value " + last);
    }

    /** Saves a PNG screenshot of the window. */
    void screenshot(Path file) throws IOException, InterruptedException {
        String png = call("GET", "session/" + session + "/screenshot", null).getAsString();
        Files.write(file, Base64.getDecoder().decode(png));
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "session/" + session, null);
            }
        } catch (IOException | RuntimeException e) {
            // the browser is gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            driver.destroy();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                if (call("GET", "status", null).getAsJsonObject().get("ready").getAsBoolean()) {
                    return;
                }
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("chromedriver did not start: " + e.getMessage(), e);
                }
            }
            if (!driver.isAlive()) {
                throw new IOException("chromedriver exited with " + driver.exitValue());
            }
            Thread.sleep(100);
        }
    }

    /** One command; returns its {@code value}, or throws with the driver's error. */
    private JsonElement call(String method, String path, JsonObject body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(GSON.toJson(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonElement value =
                JsonParser.parseString(response.body()).getAsJsonObject().get("value");
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "WebDriver " + method + " /" + path + " failed with " + response.statusCode() + ": " + value);
        }
        return value;
    }
}
