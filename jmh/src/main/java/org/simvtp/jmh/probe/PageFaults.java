package org.simvtp.jmh.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.simvtp.jmh.BenchEnvironment;

/**
 * The process's minor page faults (from {@code /proc/self/stat}), and a probe that shows how many fresh pages a
 * large tensor costs each time it is created: with glibc 2.36 (Debian 12) every cycle of creating and freeing a
 * vocabulary-sized tensor faults in all of its pages again, whatever the {@code MALLOC_*} settings, because PyTorch
 * allocates tensors with {@code posix_memalign(64, n)} and that glibc asks for {@code n + 64 + 32} bytes, which the
 * freed {@code n}-byte chunk never satisfies; the heap's top is extended instead.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp jmh/target/benchmarks.jar org.simvtp.jmh.probe.PageFaults [rows cols cycles]
 * </pre>
 */
public final class PageFaults {

    private static final Path PROC_STAT = Path.of("/proc/self/stat");
    private static final int MINFLT_AFTER_COMM = 7; // field 10 of proc(5), counted after the ")" that ends field 2

    private PageFaults() {}

    /**
     * Minor page faults of this process so far.
     *
     * @return the count, or 0 where {@code /proc} cannot be read
     */
    public static long minor() {
        try {
            String stat = Files.readString(PROC_STAT, StandardCharsets.US_ASCII);
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[MINFLT_AFTER_COMM]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Creates and frees a tensor repeatedly and prints the page faults of each cycle.
     *
     * @param args rows (30522), columns (384), cycles (6)
     */
    public static void main(String[] args) {
        BenchEnvironment.prepare();
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 30522;
        long cols = args.length > 1 ? Long.parseLong(args[1]) : 384;
        int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < cycles; i++) {
                long before = minor();
                try (NDArray tensor = manager.ones(new Shape(rows, cols))) {
                    tensor.getFloat(0, 0);
                }
                long faults = minor() - before;
                System.out.printf(
                        Locale.ROOT,
                        "cycle %d: %d page faults (%.1f MB of %.1f MB)%n",
                        i,
                        faults,
                        faults * 4096 / 1e6,
                        rows * cols * 4 / 1e6);
            }
        }
    }
}
