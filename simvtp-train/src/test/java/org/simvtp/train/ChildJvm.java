package org.simvtp.train;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Command line and environment of a test's child JVM: the test JVM's classpath, a small heap, fast start-up, DJL
 * offline with one PyTorch thread (so results are reproducible from process to process), telemetry off.
 *
 * <pre>{@code
 * ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(Worker.class, List.of("-Xmx256m"), List.of("10")));
 * ChildJvm.configure(pb.environment());
 * }</pre>
 */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * The command that runs {@code mainClass} with {@code args}.
     *
     * @param mainClass a class with a {@code main} method on the test classpath
     * @param jvmOptions more JVM options, after the defaults (so {@code -Xmx} here wins)
     * @param args program arguments
     * @return the command
     */
    public static List<String> command(Class<?> mainClass, List<String> jvmOptions, List<String> args) {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        cmd.addAll(options());
        cmd.addAll(jvmOptions);
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * The JVM options of a child, without classpath: small heap, fast start-up, DJL offline with one PyTorch
     * thread, quiet logs, the native caches of this JVM.
     *
     * @return the options
     */
    public static List<String> options() {
        List<String> options = new ArrayList<>(List.of(
                "-Xmx768m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        options.addAll(inherit("DJL_CACHE_DIR", "org.bytedeco.javacpp.cachedir"));
        return options;
    }

    /**
     * {@code -Dname=value} options that hand this JVM's values of the named system properties to a child.
     *
     * @param names property names; those not set here are left out
     * @return the options
     */
    public static List<String> inherit(String... names) {
        List<String> out = new ArrayList<>();
        for (String p : names) {
            if (System.getProperty(p) != null) {
                out.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        return out;
    }

    /**
     * Sets the variables every child needs: telemetry off, DJL offline, one OpenMP thread.
     *
     * @param env a process builder's environment
     */
    public static void configure(Map<String, String> env) {
        env.put("OPT_OUT_TRACKING", "true");
        env.put("DJL_OFFLINE", "true");
        env.put("OMP_NUM_THREADS", "1");
    }
}
