package org.simvtp.train.distributed;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away {@code redis-server} on 127.0.0.1 and a free port, without persistence; the test is skipped where
 * Redis is not installed.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start(dir)) {
 *     env.put("SIMVTP_RENDEZVOUS", redis.url());
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {
    private static final Path SERVER = Path.of("/usr/bin/redis-server");

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a server and waits until it accepts connections.
     *
     * @param dir working folder (its log goes to {@code redis.log} there)
     * @return the running server
     * @throws IOException if it does not start within 10 s
     * @throws InterruptedException if interrupted
     */
    public static RedisServer start(Path dir) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(SERVER), "redis-server not installed (apt-get install redis-server)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(
                        SERVER.toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        RedisServer server = new RedisServer(p, port);
        try {
            server.waitUntilUp(10_000);
        } catch (IOException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The rendezvous URL, {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private void waitUntilUp(long millis) throws InterruptedException, IOException {
        long until = System.currentTimeMillis() + millis;
        while (true) {
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > until) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops the server. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
