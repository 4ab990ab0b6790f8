package org.simvtp.examples.search;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.simvtp.core.spi.MediaException;
import org.simvtp.models.facade.SearchHit;
import org.simvtp.models.facade.VideoIndex;

/**
 * A small web server with a search page over a {@link VideoIndex}, on the JDK's {@link HttpServer}.
 *
 * <ul>
 *   <li>{@code GET /}: the page — a query box; hits as thumbnails with file name, time range and score; a click
 *       plays the hit's range in an HTML5 player (media fragment {@code #t=start,end}).
 *   <li>{@code GET /api/search?q=TEXT&k=K}: {@code {"query", "hits": [{video, name, start, end, score, thumb, src}]}};
 *       an empty query or a bad {@code k} gives 400 with {@code {"error"}}.
 *   <li>{@code GET /video/PATH}: an indexed video file, with HTTP range requests (206 and {@code Content-Range}, 416
 *       for a range outside the file).
 *   <li>{@code GET /thumb/PATH?t=SECONDS}: the PNG of the frame at {@code t} (default: the middle frame).
 * </ul>
 *
 * Only files of the index are served; see {@link FolderFiles} for what is refused (400/403/404). The server binds to
 * {@value #DEFAULT_HOST} unless told otherwise.
 *
 * <pre>{@code
 * try (SearchServer server = SearchServer.builder().setIndex(index).optPort(8080).build()) {
 *     server.start();
 *     System.out.println("open " + server.uri());
 *     Thread.currentThread().join();
 * }
 * }</pre>
 */
public final class SearchServer implements AutoCloseable {

    /** The default address: the loopback interface only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 8080;
    /** The most hits one query may ask for. */
    public static final int MAX_HITS = 100;

    private static final Gson GSON = new Gson();
    private static final Map<String, String> VIDEO_TYPES = Map.of(
            "mp4", "video/mp4",
            "m4v", "video/mp4",
            "webm", "video/webm",
            "ogv", "video/ogg",
            "mov", "video/quicktime",
            "mkv", "video/x-matroska");

    private final VideoIndex index;
    private final String host;
    private final int port;
    private final int threads;
    private final FolderFiles files;
    private final Thumbnails thumbnails;
    private final byte[] page;
    private final byte[] script;
    private HttpServer server;
    private ExecutorService executor;

    private SearchServer(Builder b) throws IOException {
        this.index = b.index;
        this.host = b.host;
        this.port = b.port;
        this.threads = b.threads;
        this.files = new FolderFiles(index.folder());
        this.thumbnails = new Thumbnails(b.thumbnailWidth);
        this.page = resource("index.html");
        this.script = resource("app.js");
    }

    /**
     * A builder; {@link Builder#setIndex} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts answering requests (in background threads).
     *
     * @throws IOException if the address cannot be bound, e.g. the port is taken
     * @throws IllegalStateException if already started
     */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "simvtp-search");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        server = s;
    }

    /**
     * The address of the page, e.g. {@code http://127.0.0.1:8080/} (the bound port when 0 was asked for).
     *
     * @return the URI
     * @throws IllegalStateException if not started
     */
    public synchronized URI uri() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + server.getAddress().getPort() + "/");
    }

    /** Stops answering and releases the port (the index stays open). */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                route(exchange);
            } catch (RequestException e) {
                sendError(exchange, e.status(), e.getMessage());
            } catch (MediaException e) {
                sendError(exchange, 500, "cannot decode the video: " + e.getMessage());
            } catch (RuntimeException e) {
                sendError(exchange, 500, "internal error: " + e);
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away; nothing to answer
        }
    }

    private void route(HttpExchange exchange) throws IOException, RequestException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            throw new RequestException(405, "only GET and HEAD are served");
        }
        String path = exchange.getRequestURI().getRawPath();
        if (path == null) {
            throw new RequestException(400, "no path");
        }
        if (path.equals("/") || path.equals("/index.html")) {
            send(exchange, 200, "text/html; charset=utf-8", page);
        } else if (path.equals("/app.js")) {
            send(exchange, 200, "text/javascript; charset=utf-8", script);
        } else if (path.equals("/api/search")) {
            search(exchange);
        } else if (path.startsWith("/video/")) {
            video(exchange, indexed(path.substring("/video/".length())));
        } else if (path.startsWith("/thumb/")) {
            Path video = indexed(path.substring("/thumb/".length()));
            String t = query(exchange).get("t");
            double seconds = t == null ? -1 : number(t, "t");
            send(exchange, 200, "image/png", thumbnails.png(video, seconds));
        } else {
            throw new RequestException(404, "no such page");
        }
    }

    private void search(HttpExchange exchange) throws IOException, RequestException {
        Map<String, String> query = query(exchange);
        String q = query.getOrDefault("q", "").strip();
        if (q.isEmpty()) {
            throw new RequestException(400, "empty query: pass the caption to search for as ?q=...");
        }
        if (q.length() > 1000) {
            throw new RequestException(400, "the query is longer than 1000 characters");
        }
        int k = 12;
        if (query.containsKey("k")) {
            double value = number(query.get("k"), "k");
            if (value < 1 || value > MAX_HITS || value != Math.rint(value)) {
                throw new RequestException(400, "k must be a whole number from 1 to " + MAX_HITS);
            }
            k = (int) value;
        }
        List<SearchHit> hits = index.search(q, k);
        JsonArray array = new JsonArray();
        for (SearchHit hit : hits) {
            array.add(describe(hit));
        }
        JsonObject body = new JsonObject();
        body.addProperty("query", q);
        body.add("hits", array);
        send(exchange, 200, "application/json; charset=utf-8", GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    /** One hit as JSON. */
    private JsonObject describe(SearchHit hit) {
        return describe(hit, index.folder(), files.encode(hit.video()));
    }

    /**
     * One hit as JSON, with its thumbnail and player URLs: a range with {@code end > start} previews its middle and
     * plays with the media fragment {@code #t=start,end}; otherwise (whole-file hits) the middle frame of the video
     * and the video from {@code start}.
     */
    static JsonObject describe(SearchHit hit, Path folder, String url) {
        boolean ranged = hit.end() > hit.start();
        JsonObject o = new JsonObject();
        o.addProperty("video", folder.relativize(hit.video()).toString());
        o.addProperty("name", hit.video().getFileName().toString());
        o.addProperty("start", hit.start());
        o.addProperty("end", hit.end());
        o.addProperty("score", hit.score());
        o.addProperty(
                "thumb",
                "/thumb/" + url
                        + (ranged ? "?t=" + String.format(Locale.ROOT, "%.3f", (hit.start() + hit.end()) / 2) : ""));
        String fragment = ranged
                ? String.format(Locale.ROOT, "#t=%.3f,%.3f", hit.start(), hit.end())
                : hit.start() > 0 ? String.format(Locale.ROOT, "#t=%.3f", hit.start()) : "";
        o.addProperty("src", "/video/" + url + fragment);
        return o;
    }

    private void video(HttpExchange exchange, Path file) throws IOException, RequestException {
        long size = Files.size(file);
        Headers headers = exchange.getResponseHeaders();
        headers.set("Accept-Ranges", "bytes");
        headers.set("Content-Type", VIDEO_TYPES.getOrDefault(extension(file), "application/octet-stream"));
        ByteRange range;
        try {
            range = ByteRange.parse(exchange.getRequestHeaders().getFirst("Range"), size);
        } catch (RequestException e) {
            headers.set("Content-Range", "bytes */" + size);
            throw e;
        }
        long first = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        if (range != null) {
            headers.set("Content-Range", range.contentRange(size));
        }
        int status = range == null ? 200 : 206;
        if (exchange.getRequestMethod().equals("HEAD")) {
            headers.set("Content-Length", Long.toString(length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        try (SeekableByteChannel in = Files.newByteChannel(file);
                OutputStream out = exchange.getResponseBody()) {
            in.position(first);
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            var sink = Channels.newChannel(out);
            long left = length;
            while (left > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    sink.write(buffer);
                }
                left -= n;
            }
        }
    }

    /** The indexed video a URL path names. */
    private Path indexed(String rawPath) throws RequestException {
        Path file = files.resolve(rawPath);
        if (!index.videos().contains(file)) {
            throw new RequestException(404, "not an indexed video");
        }
        return file;
    }

    private static Map<String, String> query(HttpExchange exchange) throws RequestException {
        Map<String, String> out = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(
                        URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new RequestException(400, "malformed percent-encoding in the query string");
            }
        }
        return out;
    }

    private static double number(String text, String name) throws RequestException {
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RequestException(400, name + " must be a number, got '" + text + "'");
        }
    }

    private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        JsonObject body = new JsonObject();
        body.addProperty("error", message);
        send(
                exchange,
                status,
                "application/json; charset=utf-8",
                GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'");
        if (exchange.getRequestMethod().equals("HEAD")) {
            headers.set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SearchServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the class path");
            }
            return in.readAllBytes();
        }
    }

    /** Settings of a {@link SearchServer}. */
    public static final class Builder {
        private VideoIndex index;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int threads = 4;
        private int thumbnailWidth = 240;

        private Builder() {}

        /**
         * The index to search (required); its model must stay open while the server runs.
         *
         * @param value the index
         * @return this builder
         */
        public Builder setIndex(VideoIndex value) {
            this.index = Objects.requireNonNull(value, "index");
            return this;
        }

        /**
         * The address to bind (default {@value SearchServer#DEFAULT_HOST}; {@code 0.0.0.0} for all interfaces).
         *
         * @param value a host name or IP address
         * @return this builder
         */
        public Builder optHost(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /**
         * The port (default {@value SearchServer#DEFAULT_PORT}; 0 picks a free one, see {@link SearchServer#uri()}).
         *
         * @param value 0 to 65535
         * @return this builder
         */
        public Builder optPort(int value) {
            this.port = value;
            return this;
        }

        /**
         * Threads answering requests (default 4); searches share the model's lock, videos stream in parallel.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder optThreads(int value) {
            this.threads = value;
            return this;
        }

        /**
         * Largest thumbnail width in pixels (default 240).
         *
         * @param value at least 16
         * @return this builder
         */
        public Builder optThumbnailWidth(int value) {
            this.thumbnailWidth = value;
            return this;
        }

        /**
         * Checks the settings and creates the server (not yet listening; call {@link SearchServer#start()}).
         *
         * @return the server
         * @throws IOException if the indexed folder is missing
         * @throws IllegalArgumentException on a missing index or a value out of range
         */
        public SearchServer build() throws IOException {
            if (index == null) {
                throw new IllegalArgumentException("setIndex(...) is required");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            if (thumbnailWidth < 16) {
                throw new IllegalArgumentException("thumbnail width must be at least 16, got " + thumbnailWidth);
            }
            if (!Files.isDirectory(index.folder())) {
                throw new java.io.FileNotFoundException("the indexed folder " + index.folder() + " does not exist");
            }
            return new SearchServer(this);
        }
    }
}
