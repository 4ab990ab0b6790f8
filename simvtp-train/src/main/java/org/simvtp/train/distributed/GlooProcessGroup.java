package org.simvtp.train.distributed;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ProcessGroup} on Gloo (Debian's {@code libgloo-dev}) over TCP, through the JNI shim in
 * {@code src/main/native}. Ranks meet through Gloo's file store or Redis store, with keys namespaced by the run id.
 *
 * <p>Failures: every operation waits at most {@link DistributedConfig#timeout()} for a peer. When one fails, this
 * rank closes its connections (so peers blocked on it fail at once), then takes part in a roll call through the
 * rendezvous store lasting {@link DistributedConfig#rollCallGrace()}; ranks that do not answer are reported as
 * lost in the {@link CollectiveException}. Operations are serialised (one at a time per group).
 *
 * <pre>{@code
 * DistributedConfig config = DistributedConfig.fromEnvironment();
 * try (ProcessGroup group = GlooProcessGroup.connect(config)) {
 *     trainer = Trainer.builder(task).optProcessGroup(group).build();
 * }
 * }</pre>
 */
public final class GlooProcessGroup implements ProcessGroup {
    private static final Logger LOG = LoggerFactory.getLogger(GlooProcessGroup.class);

    private final DistributedConfig config;
    private long handle;
    private boolean closed;
    private CollectiveException failure;

    private GlooProcessGroup(DistributedConfig config, long handle) {
        this.config = config;
        this.handle = handle;
    }

    /** Whether the Gloo shim and its libraries can be loaded on this machine. */
    public static boolean isAvailable() {
        return GlooNative.isAvailable();
    }

    /**
     * Meets the other ranks and connects to all of them.
     *
     * @param config rank, world size, rendezvous and timeouts
     * @return the connected group
     * @throws GlooUnavailableException if the native shim or Gloo is missing (the message says what to install)
     * @throws CollectiveException if not every rank joined within the timeout (naming the missing ranks)
     * @throws UncheckedIOException if the folder of a file rendezvous is missing and cannot be created
     */
    public static GlooProcessGroup connect(DistributedConfig config) {
        GlooNative.ensureLoaded();
        Rendezvous r = config.rendezvous().orElse(null);
        if (r == null) {
            if (config.worldSize() > 1) {
                throw new IllegalArgumentException("world size " + config.worldSize() + " needs a rendezvous");
            }
            return new GlooProcessGroup(config, 0);
        }
        if (r.kind() == Rendezvous.Kind.FILE) {
            createFolder(Path.of(r.location()));
        }
        long start = System.nanoTime();
        try {
            long h = GlooNative.connect(
                    config.rank(),
                    config.worldSize(),
                    r.kind() == Rendezvous.Kind.FILE ? GlooNative.STORE_FILE : GlooNative.STORE_REDIS,
                    r.location(),
                    r.port(),
                    config.runId(),
                    config.hostname(),
                    config.networkInterface(),
                    config.timeout().toMillis());
            LOG.info(
                    "rank {}/{} connected through {} in {} ms",
                    config.rank(),
                    config.worldSize(),
                    r.toUrl(),
                    (System.nanoTime() - start) / 1_000_000);
            return new GlooProcessGroup(config, h);
        } catch (NativeCollectiveError e) {
            throw new CollectiveException(
                    "rank " + config.rank() + " of " + config.worldSize() + " could not meet its" + " peers at "
                            + r.toUrl() + " (run id '" + config.runId() + "'): " + e.getMessage(),
                    lostFromMessage(e.getMessage()),
                    e);
        }
    }

    private static void createFolder(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the rendezvous folder " + dir + ": " + e, e);
        }
    }

    private static List<Integer> lostFromMessage(String message) {
        int open = message.indexOf("rank(s) [");
        if (open < 0) {
            return List.of();
        }
        int close = message.indexOf(']', open);
        return Arrays.stream(message.substring(open + 9, close).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Integer::valueOf)
                .collect(Collectors.toList());
    }

    /** The configuration this group was connected with. */
    public DistributedConfig config() {
        return config;
    }

    @Override
    public int rank() {
        return config.rank();
    }

    @Override
    public int size() {
        return config.worldSize();
    }

    @Override
    public void allReduce(List<ByteBuffer> buffers, DataType type, ReduceOp op, boolean mean) {
        allReduce(buffers, type, op, mean, config.bucketBytes());
    }

    /** {@link #allReduce(List, DataType, ReduceOp, boolean)} with an explicit bucket size (benchmarks). */
    synchronized void allReduce(List<ByteBuffer> buffers, DataType type, ReduceOp op, boolean mean, long bucketBytes) {
        int code = typeCode(type);
        if (mean && (op != ReduceOp.SUM || !(type == DataType.FLOAT32 || type == DataType.FLOAT64))) {
            throw new IllegalArgumentException(
                    "a mean needs ReduceOp.SUM on FLOAT32/FLOAT64, not " + op + " on " + type);
        }
        ByteBuffer[] array = new ByteBuffer[buffers.size()];
        for (int i = 0; i < array.length; i++) {
            ByteBuffer b = buffers.get(i);
            requireDirect(b, "all-reduce buffer " + i);
            if (b.capacity() % type.getNumOfBytes() != 0) {
                throw new IllegalArgumentException(
                        "all-reduce buffer " + i + " has " + b.capacity() + " bytes, not whole " + type + " elements");
            }
            array[i] = b;
        }
        if (array.length == 0 || isLocal()) {
            return;
        }
        run("all-reduce", () -> GlooNative.allReduce(handle, array, code, opCode(op), mean, bucketBytes));
    }

    @Override
    public synchronized void broadcast(ByteBuffer buffer, int root) {
        requireDirect(buffer, "broadcast buffer");
        if (root < 0 || root >= size()) {
            throw new IllegalArgumentException("root " + root + " outside [0, " + size() + ")");
        }
        if (!isLocal()) {
            run("broadcast", () -> GlooNative.broadcast(handle, buffer, root));
        }
    }

    @Override
    public synchronized void allGather(ByteBuffer input, ByteBuffer output) {
        requireDirect(input, "all-gather input");
        requireDirect(output, "all-gather output");
        if ((long) input.capacity() * size() != output.capacity()) {
            throw new IllegalArgumentException("all-gather output has " + output.capacity() + " bytes, expected "
                    + size() + " x " + input.capacity());
        }
        if (isLocal()) {
            output.duplicate().clear().put(input.duplicate().clear());
            return;
        }
        run("all-gather", () -> GlooNative.allGather(handle, input, output));
    }

    @Override
    public synchronized void barrier() {
        if (!isLocal()) {
            run("barrier", () -> GlooNative.barrier(handle));
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (handle != 0) {
            GlooNative.close(handle);
            handle = 0;
        }
    }

    /** A world of one needs no communication. */
    private boolean isLocal() {
        if (closed) {
            throw new IllegalStateException("process group of rank " + rank() + " is closed");
        }
        return handle == 0;
    }

    private void run(String op, Runnable call) {
        if (failure != null) {
            throw new IllegalStateException("process group failed earlier: " + failure.getMessage(), failure);
        }
        long start = System.nanoTime();
        try {
            call.run();
        } catch (NativeCollectiveError e) {
            long waited = (System.nanoTime() - start) / 1_000_000;
            List<Integer> lost = rollCall();
            String who = lost.isEmpty()
                    ? "every rank answered the roll call (a peer failed first?)"
                    : (lost.size() == 1 ? "rank " + lost.get(0) : "ranks " + lost) + " lost (died or hung)";
            failure = new CollectiveException(
                    op + " failed on rank " + rank() + " of " + size() + " after " + waited + " ms (timeout "
                            + config.timeout().toMillis() + " ms): " + who + "; cause: " + e.getMessage(),
                    lost,
                    e);
            throw failure;
        }
    }

    private List<Integer> rollCall() {
        try {
            int[] missing = GlooNative.rollCall(handle, config.rollCallGrace().toMillis());
            List<Integer> out = new ArrayList<>();
            for (int r : missing) {
                out.add(r);
            }
            return out;
        } catch (NativeCollectiveError e) {
            LOG.warn("roll call after a failure did not work: {}", e.getMessage());
            return List.of();
        }
    }

    private static void requireDirect(ByteBuffer b, String what) {
        if (b == null || !b.isDirect()) {
            throw new IllegalArgumentException(what + " must be a direct ByteBuffer");
        }
    }

    static int typeCode(DataType type) {
        switch (type) {
            case FLOAT32:
                return 0;
            case FLOAT64:
                return 1;
            case INT32:
                return 2;
            case INT64:
                return 3;
            default:
                throw new IllegalArgumentException("all-reduce supports FLOAT32, FLOAT64, INT32, INT64, not " + type);
        }
    }

    /** The shim's code for {@code op} (reduceFunction in simvtp_gloo.cc), spelled out rather than the ordinal. */
    static int opCode(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MAX -> 1;
            case MIN -> 2;
        };
    }
}
