package org.simvtp.train.distributed;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where the ranks of a run find each other: a directory on a filesystem every rank sees (Gloo's file store) or a
 * Redis server (Gloo's Redis store).
 *
 * <pre>{@code
 * Rendezvous.parse("file:///shared/rdzv");          // or a bare path: "/shared/rdzv"
 * Rendezvous.parse("redis://10.0.0.1:6379");
 * }</pre>
 *
 * @param kind file or Redis
 * @param location the directory (file) or the host name (Redis)
 * @param port the Redis port; 0 for a file store
 */
public record Rendezvous(Kind kind, String location, int port) {

    /** Rendezvous store kinds. */
    public enum Kind {
        /** Gloo's {@code FileStore}: a directory on a shared filesystem. */
        FILE,
        /** Gloo's {@code RedisStore}. */
        REDIS
    }

    /**
     * Validates the parts.
     *
     * @param kind file or Redis
     * @param location directory or host
     * @param port Redis port, or 0
     */
    public Rendezvous {
        if (kind == null || location == null || location.isEmpty()) {
            throw new IllegalArgumentException("rendezvous needs a kind and a location");
        }
        if (kind == Kind.REDIS && (port <= 0 || port > 65535)) {
            throw new IllegalArgumentException("Redis port " + port + " outside 1..65535");
        }
    }

    /**
     * Parses {@code file:///dir}, a plain absolute or relative path, or {@code redis://host[:port]} (port 6379 by
     * default).
     *
     * @param url the rendezvous URL
     * @return the rendezvous
     * @throws IllegalArgumentException for other schemes or malformed URLs
     */
    public static Rendezvous parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("empty rendezvous URL; use file:///shared/dir or redis://host:port");
        }
        String u = url.trim();
        if (!u.contains("://")) {
            return new Rendezvous(
                    Kind.FILE, Path.of(u).toAbsolutePath().normalize().toString(), 0);
        }
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (scheme.equals("file")) {
                return new Rendezvous(Kind.FILE, Path.of(uri).toString(), 0);
            }
            if (scheme.equals("redis")) {
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("rendezvous URL '" + url + "' has no host");
                }
                return new Rendezvous(Kind.REDIS, uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
            }
            throw new IllegalArgumentException("rendezvous URL '" + url + "' has scheme '" + scheme
                    + "'; supported: file:///shared/dir, redis://host:port");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed rendezvous URL '" + url + "': " + e.getMessage(), e);
        }
    }

    /** The URL form, e.g. {@code redis://host:6379}. */
    public String toUrl() {
        return kind == Kind.FILE ? Path.of(location).toUri().toString() : "redis://" + location + ":" + port;
    }
}
