package org.simvtp.train.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads the JNI shim {@code libsimvtp_gloo.so} (built from {@code src/main/native/simvtp_gloo.cc}) and declares its
 * entry points. The library comes from the classpath resource {@value #RESOURCE}, extracted to a temporary file, or
 * from the path in the system property {@value #PATH_PROPERTY}. {@code System.load} opens it with
 * {@code RTLD_LOCAL}, and the shim exports only its JNI functions, so it does not meet the Gloo copy inside
 * DJL's {@code libtorch_cpu.so}.
 */
final class GlooNative {
    static final String RESOURCE = "/native/linux-x86_64/libsimvtp_gloo.so";
    static final String PATH_PROPERTY = "simvtp.gloo.library";
    static final String INSTALL_HINT = "install g++ and libgloo-dev (Debian/Ubuntu: apt-get install -y g++ libgloo-dev)"
            + " and rebuild simvtp-train; machines that only run training need libgloo0";

    private static Throwable loadError;
    private static boolean loaded;

    private GlooNative() {}

    /** Loads the shim once; throws {@link GlooUnavailableException} with an install hint when that is impossible. */
    @SuppressWarnings("StaticAssignmentOfThrowable") // the first load failure is kept as the cause of every later one
    static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        if (loadError == null) {
            try {
                load(System.getProperty(PATH_PROPERTY), RESOURCE);
                loaded = true;
                return;
            } catch (GlooUnavailableException e) {
                loadError = e;
            }
        }
        throw new GlooUnavailableException(loadError.getMessage(), loadError);
    }

    /** Whether the shim can be loaded on this machine. */
    static boolean isAvailable() {
        try {
            ensureLoaded();
            return true;
        } catch (GlooUnavailableException e) {
            return false;
        }
    }

    /**
     * Loads from an explicit path if given, else from a classpath resource (package-private for tests).
     *
     * @throws GlooUnavailableException saying why and what to install
     */
    static void load(String path, String resource) {
        try {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                throw new IOException("the shim is built for Linux only, this is " + System.getProperty("os.name"));
            }
            if (path != null && !path.isEmpty()) {
                System.load(Path.of(path).toAbsolutePath().toString());
                return;
            }
            try (InputStream in = GlooNative.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("resource " + resource + " is not on the classpath: the build found no"
                            + " Gloo headers (/usr/include/gloo)");
                }
                Path tmp = Files.createTempFile("libsimvtp_gloo", ".so");
                tmp.toFile().deleteOnExit();
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                System.load(tmp.toString());
            }
        } catch (IOException | UnsatisfiedLinkError e) {
            throw new GlooUnavailableException(
                    "multi-process training needs the Gloo JNI shim, which is not available (" + e.getMessage() + "): "
                            + INSTALL_HINT,
                    e);
        }
    }

    /** Store kinds of {@link #connect}. */
    static final int STORE_FILE = 0;

    static final int STORE_REDIS = 1;

    static native long connect(
            int rank,
            int size,
            int storeKind,
            String location,
            int port,
            String runId,
            String hostname,
            String iface,
            long timeoutMs);

    static native void allReduce(long handle, ByteBuffer[] buffers, int dtype, int op, boolean mean, long bucketBytes);

    static native void broadcast(long handle, ByteBuffer buffer, int root);

    static native void allGather(long handle, ByteBuffer input, ByteBuffer output);

    static native void barrier(long handle);

    static native int[] rollCall(long handle, long graceMs);

    static native void close(long handle);

    static native String glooLibraryPath();

    static native long address(ByteBuffer buffer);

    static native void copy(ByteBuffer dst, ByteBuffer src);
}
