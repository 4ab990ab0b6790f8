package org.simvtp.train.launch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The launch keys in Redis, over a minimal client of Redis's wire protocol (RESP): {@code SET key value NX} and
 * {@code GET key}, all the launcher needs.
 */
final class RedisLaunchStore implements LaunchStore {
    private static final int TIMEOUT_MS = 10_000;

    private final String host;
    private final int port;
    private final String prefix;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RedisLaunchStore(String host, int port, String prefix) throws IOException {
        this.host = host;
        this.port = port;
        this.prefix = prefix;
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw new IOException(
                    "cannot reach the Redis rendezvous at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean putIfAbsent(String key, String value) throws IOException {
        return call(List.of("SET", prefix + key, value, "NX")) != null;
    }

    @Override
    public synchronized Optional<String> get(String key) throws IOException {
        return Optional.ofNullable(call(List.of("GET", prefix + key)));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Sends one command; returns a simple or bulk string reply, null for a nil reply. */
    private String call(List<String> args) throws IOException {
        StringBuilder sb = new StringBuilder("*").append(args.size()).append("\r\n");
        for (String a : args) {
            sb.append('$')
                    .append(a.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(a)
                    .append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        int type = in.read();
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '$':
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length + 2);
                return new String(data, 0, length, StandardCharsets.UTF_8);
            case '-':
                throw new IOException("Redis at " + host + ":" + port + " answered " + args.get(0) + " with: " + line);
            default:
                throw new IOException(
                        "unexpected reply from Redis at " + host + ":" + port + ": '" + (char) type + line + "'");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("Redis at " + host + ":" + port + " closed the connection");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
