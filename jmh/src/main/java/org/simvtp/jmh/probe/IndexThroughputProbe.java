package org.simvtp.jmh.probe;

import java.util.Arrays;
import java.util.Locale;
import org.simvtp.jmh.data.IndexThroughputBenchmark;

/**
 * Times {@link IndexThroughputBenchmark#index()} (end-to-end indexing) and
 * {@link IndexThroughputBenchmark#encodeOnly()} (encoding the same, already decoded windows) alternately in one
 * process, with {@link IndexThroughputBenchmark#decodeOnly()} after each pair, and prints each round, the median
 * ratio {@code encodeOnly ÷ index} (the share of the model's speed that indexing keeps) and the totals, with
 * {@code encode ÷ (encode + decode)}: what indexing would keep without overlap. Arguments: preset (default small), decode threads (default 1), rounds (default 5).
 *
 * <pre>{@code
 * java -Dai.djl.offline=true -cp jmh/target/benchmarks.jar org.simvtp.jmh.probe.IndexThroughputProbe small 1 5
 * }</pre>
 */
public final class IndexThroughputProbe {

    private IndexThroughputProbe() {}

    /**
     * Runs the probe.
     *
     * @param args preset, decode threads, rounds
     * @throws Exception if a round fails
     */
    public static void main(String[] args) throws Exception {
        IndexThroughputBenchmark b = new IndexThroughputBenchmark();
        b.preset = args.length > 0 ? args[0] : "small";
        b.decodeThreads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        b.setUp();
        try {
            b.index(); // warm-up
            b.encodeOnly();
            b.decodeOnly();
            double[] ratios = new double[rounds];
            double[] totals = new double[3];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                b.index();
                long t1 = System.nanoTime();
                b.encodeOnly();
                long t2 = System.nanoTime();
                b.decodeOnly();
                long t3 = System.nanoTime();
                double index = (t1 - t0) / 1e9;
                double encode = (t2 - t1) / 1e9;
                double decode = (t3 - t2) / 1e9;
                totals[0] += index;
                totals[1] += encode;
                totals[2] += decode;
                ratios[r] = encode / index;
                System.out.printf(
                        Locale.ROOT,
                        "round %d: index %.3f s, encode only %.3f s, decode only %.3f s (%d windows, %.1f windows/s), "
                                + "ratio %.3f%n",
                        r + 1,
                        index,
                        encode,
                        decode,
                        b.windows(),
                        b.windows() / index,
                        ratios[r]);
            }
            Arrays.sort(ratios);
            System.out.printf(
                    Locale.ROOT,
                    "preset %s, %d decode thread(s): median ratio %.3f; totals: index %.1f s, encode only %.1f s, "
                            + "decode only %.1f s; encode / index %.3f, encode / (encode + decode) %.3f%n",
                    b.preset,
                    b.decodeThreads,
                    ratios[rounds / 2],
                    totals[0],
                    totals[1],
                    totals[2],
                    totals[1] / totals[0],
                    totals[1] / (totals[1] + totals[2]));
        } finally {
            b.tearDown();
        }
    }
}
