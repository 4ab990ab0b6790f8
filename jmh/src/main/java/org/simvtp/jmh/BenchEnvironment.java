package org.simvtp.jmh;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;

/**
 * What every benchmark JVM needs: the offline/no-tracking switches (djl-notes §1) as constants for
 * {@code @Fork(jvmArgsAppend = ...)}, a guard that sets {@code OPT_OUT_TRACKING} before DJL starts, and a count
 * of the live NDArrays under a manager.
 *
 * <pre>{@code
 * @Fork(jvmArgsAppend = {BenchEnvironment.OFFLINE, BenchEnvironment.NO_TRACKING})
 * public class MyBenchmark {
 *     @Setup public void setUp() { BenchEnvironment.prepare(); ... }
 * }
 * }</pre>
 */
public final class BenchEnvironment {

    /** Keeps DJL from downloading anything. */
    public static final String OFFLINE = "-Dai.djl.offline=true";
    /** Keeps DJL's engine start-up from calling home (read as a system property when the env variable is unset). */
    public static final String NO_TRACKING = "-DOPT_OUT_TRACKING=true";

    private BenchEnvironment() {}

    /** Sets {@code OPT_OUT_TRACKING=true} as a system property unless the env variable or the property is set. */
    public static void prepare() {
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /**
     * Counts the NDArrays attached to {@code manager} and all its sub-managers.
     *
     * @param manager a manager
     * @return the number of live arrays (0 for managers that do not expose their resources)
     */
    public static int liveArrays(NDManager manager) {
        int[] count = {0};
        walk(manager, count);
        return count[0];
    }

    private static void walk(NDManager m, int[] count) {
        if (m instanceof BaseNDManager base) {
            base.getManagedArrays().forEach(r -> {
                if (r instanceof NDManager child) {
                    walk(child, count);
                } else {
                    count[0]++;
                }
            });
        }
    }
}
