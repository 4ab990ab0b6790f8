package org.simvtp.train.distributed;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Standalone benchmark: all-reduce (sum) of a fp32 buffer between local processes over Gloo/TCP, as effective
 * GB/s (buffer bytes / time) next to a memcpy of the same size in the same run; also the same bytes as many small
 * tensors with and without bucketing, and the cost of staging a tensor of that size through host memory on the
 * engine's default device (a GPU if DJL has one).
 *
 * <p>Run without {@code RANK} in the environment, it starts the ranks itself as child JVMs on 127.0.0.1:
 * <pre>{@code
 * java -cp <classpath> org.simvtp.train.distributed.AllReduceBenchmark [sizeMB=100] [iterations=10] [ranks=2]
 *     [tensorKB=100] [staging=true]
 * }</pre>
 */
public final class AllReduceBenchmark {
    private AllReduceBenchmark() {}

    /**
     * Entry point.
     *
     * @param args sizeMB, iterations, ranks, tensorKB, staging (all optional, positional)
     * @throws Exception if a rank fails
     */
    public static void main(String[] args) throws Exception {
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        if (System.getenv("RANK") == null) {
            System.exit(launch(args));
        }
        double sizeMb = args.length > 0 ? Double.parseDouble(args[0]) : 100;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int tensorKb = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        boolean staging = args.length <= 4 || Boolean.parseBoolean(args[4]);
        try (GlooProcessGroup group = GlooProcessGroup.connect(DistributedConfig.fromEnvironment())) {
            run(group, (int) (sizeMb * (1 << 20)) / 4 * 4, iterations, tensorKb * 1024, staging);
        }
        System.exit(0);
    }

    private static int launch(String[] args) throws IOException, InterruptedException {
        int ranks = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path rdzv = Files.createTempDirectory("simvtp-bench-rdzv");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String runId = "bench-" + UUID.randomUUID();
        List<Process> processes = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            List<String> cmd = new ArrayList<>(List.of(
                    javaBin,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-Xmx2g",
                    "-Dai.djl.offline=true",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
            if (System.getProperty("DJL_CACHE_DIR") != null) {
                cmd.add("-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"));
            }
            cmd.add(AllReduceBenchmark.class.getName());
            cmd.addAll(Arrays.asList(args));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (r == 0) {
                pb.inheritIO();
            } else {
                pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            pb.environment()
                    .putAll(java.util.Map.of(
                            "RANK",
                            Integer.toString(r),
                            "WORLD_SIZE",
                            Integer.toString(ranks),
                            "SIMVTP_RENDEZVOUS",
                            rdzv.toUri().toString(),
                            "SIMVTP_RUN_ID",
                            runId,
                            "OPT_OUT_TRACKING",
                            "true"));
            pb.environment().putIfAbsent("SIMVTP_DIST_TIMEOUT", "120");
            pb.environment().putIfAbsent("SIMVTP_GLOO_HOSTNAME", "127.0.0.1");
            processes.add(pb.start());
        }
        int worst = 0;
        for (Process p : processes) {
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                worst = Math.max(worst, 124);
            } else {
                worst = Math.max(worst, p.exitValue());
            }
        }
        return worst;
    }

    private static void run(GlooProcessGroup g, int bytes, int iterations, int tensorBytes, boolean staging) {
        ByteBuffer buf = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        for (int i = 0; i < bytes / 4; i++) {
            buf.putFloat(i * 4, 1e-3f * (i % 1000));
        }
        double[] reduce = time(iterations, () -> g.allReduce(buf, DataType.FLOAT32, ReduceOp.SUM), g);

        ByteBuffer src = ByteBuffer.allocateDirect(bytes);
        ByteBuffer dst = ByteBuffer.allocateDirect(bytes);
        GlooNative.copy(dst, src);
        double[] memcpy = time(iterations, () -> GlooNative.copy(dst, src), g);

        List<ByteBuffer> small = new ArrayList<>();
        for (int off = 0; off + tensorBytes <= bytes; off += tensorBytes) {
            small.add(buf.slice(off, tensorBytes).order(ByteOrder.nativeOrder()));
        }
        long smallBytes = (long) small.size() * tensorBytes;
        double[] bucketed = time(
                iterations,
                () -> g.allReduce(
                        small, DataType.FLOAT32, ReduceOp.SUM, false, g.config().bucketBytes()),
                g);
        double[] unbucketed = time(iterations, () -> g.allReduce(small, DataType.FLOAT32, ReduceOp.SUM, false, 0), g);

        String stage = staging ? stagingCost(bytes, iterations) : "skipped";
        if (g.rank() == 0) {
            System.out.printf(
                    "all-reduce benchmark: %d ranks on %s, %.1f MB fp32, %d iterations (median)%n",
                    g.size(),
                    g.config().hostname().isEmpty() ? "this host" : g.config().hostname(),
                    bytes / 1e6,
                    iterations);
            row("all-reduce (sum), one buffer", bytes, reduce);
            System.out.printf(
                    "    bus bandwidth (x 2(n-1)/n): %.2f GB/s%n",
                    bytes / median(reduce) / 1e9 * 2 * (g.size() - 1) / g.size());
            row("memcpy, same size", bytes, memcpy);
            row(
                    String.format(
                            "%d tensors of %d KB, %d MB buckets",
                            small.size(), tensorBytes / 1024, g.config().bucketBytes() >> 20),
                    smallBytes,
                    bucketed);
            row(
                    String.format("%d tensors of %d KB, one by one", small.size(), tensorBytes / 1024),
                    smallBytes,
                    unbucketed);
            System.out.println("  staging through host memory: " + stage);
        }
    }

    private static String stagingCost(int bytes, int iterations) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.zeros(new Shape(bytes / 4), DataType.FLOAT32);
            if (HostView.of(a).aliased()) {
                return "not needed on " + a.getDevice() + ": the tensor is all-reduced in place through a view";
            }
            HostView.of(a).writeBack();
            double[] t = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                long s = System.nanoTime();
                HostView.of(a).writeBack();
                t[i] = (System.nanoTime() - s) / 1e9;
            }
            return String.format(
                    "device %s (%s): %.1f ms per %.0f MB tensor to host and back (%.2f GB/s)",
                    a.getDevice(),
                    Engine.getInstance().getEngineName(),
                    median(t) * 1e3,
                    bytes / 1e6,
                    bytes / median(t) / 1e9);
        } catch (RuntimeException e) {
            return "not measured (" + e + ")";
        }
    }

    private static double[] time(int iterations, Runnable op, ProcessGroup g) {
        op.run(); // warm-up (connections, page faults)
        double[] t = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            g.barrier();
            long s = System.nanoTime();
            op.run();
            t[i] = (System.nanoTime() - s) / 1e9;
        }
        return t;
    }

    private static double median(double[] t) {
        double[] c = t.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static void row(String what, long bytes, double[] t) {
        System.out.printf("  %-44s %8.2f ms  %7.2f GB/s%n", what, median(t) * 1e3, bytes / median(t) / 1e9);
    }
}
